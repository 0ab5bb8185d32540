package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CourierConfigTest {
  @TempDir
  Path dir;

  private CourierConfig load(String courierYaml) throws Exception {
    Path f = dir.resolve("config.yml");
    Files.writeString(f, "portcullis:\n  identity:\n    enabled: true\n    dsn: postgres://u:p@h/db\n    courier:\n"
        + courierYaml.indent(6));
    return ConfigLoader.load(f, Map.of()).config().portcullis().identity().courier();
  }

  @Test
  void theSeedKratosCourierSectionLoads() throws Exception {
    String kratos = new String(getClass().getResourceAsStream("/seed/kratos.yml").readAllBytes());
    Path f = dir.resolve("seed.yml");
    Files.writeString(f, "portcullis:\n  identity:\n    enabled: true\n" + kratos.indent(4));
    CourierConfig c = ConfigLoader.load(f, Map.of()).config().portcullis().identity().courier();
    assertThat(c.smtp().fromAddress()).isEqualTo("kratos@developer-friendly.blog");
    assertThat(c.smtp().fromName()).isEqualTo("Developer Friendly Blog");
    CourierConfig.SmtpConnection s = c.smtp().connection("x");
    assertThat(s).isEqualTo(new CourierConfig.SmtpConnection("mailslurper", 1025, "test", "test", true, false, true,
        "mailslurper"));
  }

  @Test
  void defaultsAreKratos() throws Exception {
    CourierConfig c = ConfigLoader.load(null, Map.of()).config().portcullis().identity().courier();
    assertThat(c.messageRetries()).isEqualTo(5);
    assertThat(c.worker().pullWait()).isEqualTo("1s");
    assertThat(c.worker().pullCount()).isEqualTo(10);
    assertThat(c.smtp().fromAddress()).isEqualTo("no-reply@ory.kratos.sh");
    assertThat(c.smtp().localName()).isEqualTo("localhost");
    assertThat(c.smtp().connectionUri()).isEmpty();
    assertThat(c.deliveryStrategy()).isEqualTo("smtp");
    assertThat(ConfigLoader.load(null, Map.of()).config().portcullis().identity().dev()).isFalse();
  }

  @Test
  void everyKratosKeyLoads() throws Exception {
    Path tpl = Files.writeString(dir.resolve("subject.gotmpl"), "Hi {{ .To }}");
    Files.createDirectories(dir.resolve("templates"));
    CourierConfig c = load("""
        smtp:
          connection_uri: "smtp://us%%40er:p%%3Ass@mail.example.com:587/?skip_ssl_verify=false&server_name=mx.example.com"
          from_address: no-reply@example.com
          from_name: Example
          headers: {X-SES-SOURCE-ARN: "arn:aws:ses:us-west-2:1:identity/example.com"}
          local_name: node-1.example.com
        template_override_path: %s
        message_retries: 10
        worker: {pull_count: 20, pull_wait: 500ms}
        delivery_strategy: smtp
        http: {request_config: {url: "https://example.com/mail"}}
        channels: [{id: sms, type: http, request_config: {url: "https://example.com/sms"}}]
        templates:
          recovery:
            valid:
              email:
                subject: file://%s
                body: {plaintext: "base64://SGk=", html: "https://example.com/body.gotmpl"}
          verification_code:
            invalid: {email: {subject: "base64://SGk="}}
          login_code: {valid: {email: {subject: "base64://SGk="}}}
        """.formatted(dir.resolve("templates"), tpl));
    assertThat(c.smtp().connection("x")).isEqualTo(new CourierConfig.SmtpConnection("mail.example.com", 587,
        "us@er", "p:ss", false, true, false, "mx.example.com"));
    assertThat(c.smtp().headers()).containsEntry("X-SES-SOURCE-ARN", "arn:aws:ses:us-west-2:1:identity/example.com");
    assertThat(c.templates().recovery().valid().email().subject()).isEqualTo("file://" + tpl);
    assertThat(c.templates().flow("recovery").variant("valid").email().body().plaintext()).isEqualTo("base64://SGk=");
    assertThat(c.templates().flow("verification_code").variant("invalid").email().subject())
        .isEqualTo("base64://SGk=");
    assertThat(c.templates().flow("verification").variant("valid").email().subject()).isEmpty();
    assertThat(c.messageRetries()).isEqualTo(10);
    assertThat(c.worker().pullCount()).isEqualTo(20);
    assertThat(load("smtp: {connection_uri: \"smtp://mail:25/?disable_starttls=true\"}").smtp().connection("x"))
        .isEqualTo(new CourierConfig.SmtpConnection("mail", 25, "", "", false, false, false, "mail"));
    assertThat(load("smtp: {connection_uri: \"smtps://mail/\"}").smtp().connection("x").port()).isEqualTo(465);
  }

  @Test
  void badValuesNameTheirKey() {
    bad("smtp: {connection_uri: \"http://mail:25/\"}", "portcullis.identity.courier.smtp.connection_uri: scheme "
        + "\"http\" is not supported (expected smtps:// for implicit TLS or smtp:// for STARTTLS)");
    bad("smtp: {connection_uri: \"smtp:///\"}", "portcullis.identity.courier.smtp.connection_uri: has no host");
    bad("smtp: {connection_uri: \"smtp://mail/?skip_ssl_verify=yes\"}",
        "portcullis.identity.courier.smtp.connection_uri: skip_ssl_verify=\"yes\" is not a boolean");
    bad("smtp: {connection_uri: \"smtp://mail/?starttls=off\"}",
        "portcullis.identity.courier.smtp.connection_uri: unknown parameter \"starttls\"");
    bad("smtp: {connection_uri: \"smtp://a b/\"}", "portcullis.identity.courier.smtp.connection_uri: is not a URI");
    bad("smtp: {from_address: nobody}", "portcullis.identity.courier.smtp.from_address: \"nobody\" is not an e-mail");
    bad("smtp: {client_cert_path: /c.pem}", "portcullis.identity.courier.smtp.client_key_path: client_cert_path and "
        + "client_key_path go together");
    bad("smtp: {headers: {\"Bad Header\": x}}", "portcullis.identity.courier.smtp.headers.Bad Header: is not a valid");
    bad("smtp: {conection_uri: x}", "portcullis.identity.courier.smtp.conection_uri: unknown key");
    bad("worker: {pull_wait: soon}", "portcullis.identity.courier.worker.pull_wait: \"soon\" is not a duration");
    bad("worker: {pull_wait: \"0\"}", "portcullis.identity.courier.worker.pull_wait: must be longer than 0");
    bad("worker: {pull_count: 0}", "portcullis.identity.courier.worker.pull_count: must be at least 1");
    bad("message_retries: -1", "portcullis.identity.courier.message_retries: must be 0 or more");
    bad("delivery_strategy: http", "portcullis.identity.courier.delivery_strategy: \"http\" is not supported");
    bad("delivery_strategy: pigeon", "portcullis.identity.courier.delivery_strategy");
    bad("template_override_path: /nowhere/at/all", "portcullis.identity.courier.template_override_path: "
        + "\"/nowhere/at/all\" is not a folder");
    bad("templates: {recovery: {valid: {email: {subject: \"ftp://x\"}}}}",
        "portcullis.identity.courier.templates.recovery.valid.email.subject: \"ftp://x\" is not a template location");
    bad("templates: {verification: {invalid: {email: {body: {html: \"base64://!!\"}}}}}",
        "portcullis.identity.courier.templates.verification.invalid.email.body.html: is not valid base64");
    bad("templates: {recovery_code: {valid: {email: {body: {plaintext: \"file:///nowhere.gotmpl\"}}}}}",
        "portcullis.identity.courier.templates.recovery_code.valid.email.body.plaintext: \"/nowhere.gotmpl\" is not "
            + "a readable file");
    bad("templates: {recovery: {sometimes: {}}}", "portcullis.identity.courier.templates.recovery.sometimes: unknown "
        + "key");
  }

  private void bad(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml)).isInstanceOf(InvalidConfigException.class).hasMessageStartingWith(message);
  }
}
