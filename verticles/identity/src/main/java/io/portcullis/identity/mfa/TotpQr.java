package io.portcullis.identity.mfa;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The {@code totp_qr} image as Kratos' {@code KeyToHTMLImage} makes it: the key URL as a QR code (error correction
 * M, as pquerna/otp's {@code Key.Image}), 256 by 256 pixels, PNG, as a {@code data:image/png;base64,} URL.
 */
public final class TotpQr {
  static final int SIZE = 256;

  private TotpQr() {
  }

  public static String dataUrl(String keyUrl) {
    try {
      BitMatrix m = new QRCodeWriter().encode(keyUrl, BarcodeFormat.QR_CODE, SIZE, SIZE,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
      BufferedImage img = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
      for (int y = 0; y < m.getHeight(); y++) {
        for (int x = 0; x < m.getWidth(); x++) {
          img.setRGB(x, y, m.get(x, y) ? 0xff000000 : 0xffffffff);
        }
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(img, "png", png);
      return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    } catch (WriterException e) {
      throw new IllegalStateException("the TOTP key URL does not fit a QR code", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
