package io.portcullis.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kratos' {@code courier} section ({@code portcullis.identity.courier}): how mail is delivered and with which
 * templates. SMTP is the delivery Portcullis implements; {@code http} and {@code channels} (SMS) are accepted so a
 * kratos.yml loads, and {@code delivery_strategy: http} is refused rather than silently not delivering.
 *
 * @param templateOverridePath a folder laid out as Kratos' built-in templates ({@code recovery/valid/email.subject.gotmpl}
 *     ...), whose files replace the built-in ones; empty: none
 * @param messageRetries how often a failed send is retried before the message is {@code abandoned} (Kratos: 5)
 */
public record CourierConfig(Smtp smtp, Templates templates, String templateOverridePath, Integer messageRetries,
    Worker worker, String deliveryStrategy, JsonNode http, JsonNode channels) {

  public CourierConfig {
    smtp = smtp == null ? new Smtp(null, null, null, null, null, null, null) : smtp;
    templates = templates == null ? new Templates(null, null, null, null, null, null) : templates;
    templateOverridePath = templateOverridePath == null ? "" : templateOverridePath;
    messageRetries = messageRetries == null ? 5 : messageRetries;
    worker = worker == null ? new Worker(null, null) : worker;
    deliveryStrategy = deliveryStrategy == null ? "smtp" : deliveryStrategy;
  }

  /**
   * @param connectionUri {@code smtps://user:password@host:465/} (implicit TLS) or {@code smtp://...} (STARTTLS
   *     required unless {@code ?disable_starttls=true}); {@code ?skip_ssl_verify=true} trusts any certificate;
   *     empty: no mail is delivered (messages stay queued)
   * @param headers added to every message (e.g. AWS SES' {@code X-SES-SOURCE-ARN})
   * @param localName the name given in EHLO
   */
  public record Smtp(String connectionUri, String clientCertPath, String clientKeyPath, String fromAddress,
      String fromName, Map<String, String> headers, String localName) {
    public Smtp {
      connectionUri = connectionUri == null ? "" : connectionUri;
      clientCertPath = clientCertPath == null ? "" : clientCertPath;
      clientKeyPath = clientKeyPath == null ? "" : clientKeyPath;
      fromAddress = fromAddress == null ? "no-reply@ory.kratos.sh" : fromAddress;
      fromName = fromName == null ? "" : fromName;
      headers = headers == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(headers));
      localName = localName == null ? "localhost" : localName;
    }

    /** The parsed {@link #connectionUri}; {@code path} names the key in errors. */
    public SmtpConnection connection(String path) {
      return SmtpConnection.parse(path, connectionUri);
    }
  }

  /**
   * {@code courier.smtp.connection_uri}, parsed as Kratos reads it.
   *
   * @param implicitTls {@code smtps}: TLS from the first byte
   * @param startTls {@code smtp} without {@code disable_starttls=true}: the session must be upgraded with STARTTLS
   * @param serverName the name the certificate must carry ({@code ?server_name=}, default the host)
   */
  public record SmtpConnection(String host, int port, String username, String password, boolean implicitTls,
      boolean startTls, boolean skipSslVerify, String serverName) {

    static SmtpConnection parse(String path, String uri) {
      URI u;
      try {
        u = new URI(uri);
      } catch (URISyntaxException e) {
        throw new InvalidConfigException(path, "is not a URI (" + e.getReason() + "; expected "
            + "smtps://user:password@host:465/ or smtp://user:password@host:587/)");
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
        throw new InvalidConfigException(path, "scheme \"" + scheme + "\" is not supported (expected smtps:// for "
            + "implicit TLS or smtp:// for STARTTLS)");
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        throw new InvalidConfigException(path, "has no host (expected " + scheme + "://host:port/)");
      }
      Map<String, String> query = query(u.getRawQuery());
      for (String name : query.keySet()) {
        if (!name.equals("skip_ssl_verify") && !name.equals("disable_starttls") && !name.equals("server_name")) {
          throw new InvalidConfigException(path, "unknown parameter \"" + name + "\" (known: disable_starttls, "
              + "server_name, skip_ssl_verify)");
        }
      }
      boolean skipVerify = bool(path, query, "skip_ssl_verify");
      boolean disableStartTls = bool(path, query, "disable_starttls");
      if (scheme.equals("smtps") && query.containsKey("disable_starttls")) {
        throw new InvalidConfigException(path, "disable_starttls applies to smtp:// only (smtps:// is TLS from the "
            + "start)");
      }
      String user = "";
      String password = "";
      if (u.getRawUserInfo() != null) {
        String info = u.getRawUserInfo();
        int colon = info.indexOf(':');
        user = decode(colon < 0 ? info : info.substring(0, colon));
        password = colon < 0 ? "" : decode(info.substring(colon + 1));
      }
      int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("smtps") ? 465 : 25;
      String serverName = query.getOrDefault("server_name", "");
      return new SmtpConnection(u.getHost(), port, user, password, scheme.equals("smtps"),
          scheme.equals("smtp") && !disableStartTls, skipVerify, serverName.isEmpty() ? u.getHost() : serverName);
    }

    private static Map<String, String> query(String raw) {
      Map<String, String> q = new LinkedHashMap<>();
      if (raw != null && !raw.isEmpty()) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          q.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
      }
      return q;
    }

    /** Go's {@code strconv.ParseBool}, which Kratos reads the parameters with; anything else is an error here. */
    private static boolean bool(String path, Map<String, String> query, String name) {
      String v = query.get(name);
      if (v == null) {
        return false;
      }
      return switch (v) {
        case "1", "t", "T", "TRUE", "true", "True" -> true;
        case "0", "f", "F", "FALSE", "false", "False" -> false;
        default -> throw new InvalidConfigException(path, name + "=\"" + v + "\" is not a boolean (expected true or "
            + "false)");
      };
    }

    private static String decode(String s) {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
  }

  /** {@code courier.templates}: per flow, the {@code valid} and {@code invalid} e-mail templates. */
  public record Templates(FlowTemplates recovery, FlowTemplates recoveryCode, FlowTemplates verification,
      FlowTemplates verificationCode, JsonNode registrationCode, JsonNode loginCode) {
    public Templates {
      recovery = recovery == null ? FlowTemplates.NONE : recovery;
      recoveryCode = recoveryCode == null ? FlowTemplates.NONE : recoveryCode;
      verification = verification == null ? FlowTemplates.NONE : verification;
      verificationCode = verificationCode == null ? FlowTemplates.NONE : verificationCode;
    }

    /** By the key under {@code courier.templates}: {@code recovery}, {@code recovery_code}, ... */
    public FlowTemplates flow(String key) {
      return switch (key) {
        case "recovery" -> recovery;
        case "recovery_code" -> recoveryCode;
        case "verification" -> verification;
        case "verification_code" -> verificationCode;
        default -> throw new IllegalArgumentException("no courier templates for " + key);
      };
    }
  }

  public record FlowTemplates(Variant valid, Variant invalid) {
    static final FlowTemplates NONE = new FlowTemplates(null, null);

    public FlowTemplates {
      valid = valid == null ? Variant.NONE : valid;
      invalid = invalid == null ? Variant.NONE : invalid;
    }

    /** {@code valid} or {@code invalid}. */
    public Variant variant(String validity) {
      return validity.equals("valid") ? valid : invalid;
    }
  }

  /** @param sms accepted (Kratos' SMS templates); Portcullis sends no SMS */
  public record Variant(Email email, JsonNode sms) {
    static final Variant NONE = new Variant(null, null);

    public Variant {
      email = email == null ? Email.NONE : email;
    }
  }

  /**
   * Where a template comes from: {@code file://path}, {@code base64://...}, {@code http(s)://...}; empty: the
   * {@code template_override_path} file, else the built-in template.
   */
  public record Email(String subject, Body body) {
    static final Email NONE = new Email(null, null);

    public Email {
      subject = subject == null ? "" : subject;
      body = body == null ? Body.NONE : body;
    }
  }

  public record Body(String plaintext, String html) {
    static final Body NONE = new Body(null, null);

    public Body {
      plaintext = plaintext == null ? "" : plaintext;
      html = html == null ? "" : html;
    }
  }

  /**
   * @param pullCount how many messages one round claims
   * @param pullWait how long the worker waits between rounds when nothing woke it (Kratos: 1s)
   */
  public record Worker(Integer pullCount, String pullWait) {
    public Worker {
      pullCount = pullCount == null ? 10 : pullCount;
      pullWait = pullWait == null ? "1s" : pullWait;
    }
  }
}
