package io.portcullis.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** Checks {@code portcullis.identity.courier}: the SMTP URI and sender, worker timing, template locations. */
final class CourierConfigValidator {
  private static final String P = "portcullis.identity.courier.";
  private static final String[] FLOWS = {"recovery", "recovery_code", "verification", "verification_code"};

  private CourierConfigValidator() {
  }

  static void validate(CourierConfig c) {
    ConfigValidator.oneOf(P + "delivery_strategy", c.deliveryStrategy(), java.util.Set.of("smtp", "http"));
    if (c.deliveryStrategy().equals("http")) {
      throw new InvalidConfigException(P + "delivery_strategy", "\"http\" is not supported by Portcullis yet "
          + "(expected smtp, with courier.smtp.connection_uri)");
    }
    CourierConfig.Smtp smtp = c.smtp();
    if (!smtp.connectionUri().isEmpty()) {
      smtp.connection(P + "smtp.connection_uri");
    }
    if (!smtp.fromAddress().matches("[^@\\s<>\"]+@[^@\\s<>\"]+")) {
      throw new InvalidConfigException(P + "smtp.from_address", "\"" + smtp.fromAddress() + "\" is not an e-mail "
          + "address (expected e.g. no-reply@example.com)");
    }
    if (smtp.clientCertPath().isEmpty() != smtp.clientKeyPath().isEmpty()) {
      throw new InvalidConfigException(P + (smtp.clientCertPath().isEmpty() ? "smtp.client_cert_path"
          : "smtp.client_key_path"), "client_cert_path and client_key_path go together: set both or neither");
    }
    file(P + "smtp.client_cert_path", smtp.clientCertPath());
    file(P + "smtp.client_key_path", smtp.clientKeyPath());
    for (Map.Entry<String, String> h : smtp.headers().entrySet()) {
      if (!h.getKey().matches("[!-9;-~]+") || h.getValue() == null || h.getValue().contains("\r")
          || h.getValue().contains("\n")) {
        throw new InvalidConfigException(P + "smtp.headers." + h.getKey(), "is not a valid mail header (a name of "
            + "printable characters without ':', a value on one line)");
      }
    }
    if (c.messageRetries() < 0) {
      throw new InvalidConfigException(P + "message_retries", "must be 0 or more, not " + c.messageRetries());
    }
    if (c.worker().pullCount() < 1) {
      throw new InvalidConfigException(P + "worker.pull_count", "must be at least 1, not " + c.worker().pullCount());
    }
    if (Durations.parse(P + "worker.pull_wait", c.worker().pullWait()).isZero()) {
      throw new InvalidConfigException(P + "worker.pull_wait", "must be longer than 0 (Kratos' default is 1s)");
    }
    if (!c.templateOverridePath().isEmpty() && !Files.isDirectory(Path.of(c.templateOverridePath()))) {
      throw new InvalidConfigException(P + "template_override_path", "\"" + c.templateOverridePath()
          + "\" is not a folder (expected one laid out as recovery/valid/email.subject.gotmpl ...)");
    }
    for (String flow : FLOWS) {
      for (String validity : new String[] {"valid", "invalid"}) {
        CourierConfig.Email e = c.templates().flow(flow).variant(validity).email();
        String path = P + "templates." + flow + "." + validity + ".email.";
        source(path + "subject", e.subject());
        source(path + "body.plaintext", e.body().plaintext());
        source(path + "body.html", e.body().html());
      }
    }
  }

  /** A template location as Kratos' fetcher reads it. */
  private static void source(String path, String url) {
    if (url.isEmpty()) {
      return;
    }
    if (url.startsWith("base64://")) {
      try {
        Base64.getDecoder().decode(url.substring("base64://".length()));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(path, "is not valid base64 after base64:// (" + e.getMessage() + ")");
      }
    } else if (url.startsWith("file://")) {
      file(path, url.substring("file://".length()));
    } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new InvalidConfigException(path, "\"" + url + "\" is not a template location (expected file://, "
          + "base64:// or http(s)://)");
    }
  }

  private static void file(String path, String file) {
    if (!file.isEmpty() && !Files.isRegularFile(Path.of(file))) {
      throw new InvalidConfigException(path, "\"" + file + "\" is not a readable file");
    }
  }
}
