package io.portcullis.identity.courier;

import java.util.regex.Pattern;

/** The e-mail addresses the courier sends to: one plain address, {@code local@domain}, no display name. */
final class MailAddresses {
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>()\",;:\\\\\\[\\]]+@[^@\\s<>()\",;:\\\\\\[\\]]+");

  private MailAddresses() {
  }

  static boolean isAddress(String s) {
    return s != null && s.length() <= 320 && ADDRESS.matcher(s).matches();
  }
}
