package io.portcullis.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.config.ConfigLoader;
import io.portcullis.config.IdentityConfig;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.SessionsConfig;
import io.portcullis.identity.courier.Courier;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;

/**
 * The identity role running on free loopback ports against a fresh database of the test PostgreSQL. The YAML is what
 * an operator writes under {@code portcullis.identity}; ports, DSN and fast hashing are filled in.
 */
public final class TestIdentity implements AutoCloseable {
  public final int publicPort;
  public final int adminPort;
  public final Vertx vertx = Vertx.vertx();
  public final IdentityRole role;
  /** The configuration the role runs with. */
  public final IdentityConfig config;
  /** The role's metrics, named as a node names them ({@code portcullis_...}). */
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  public TestIdentity() throws Exception {
    this("");
  }

  /** @param extraYaml more keys under {@code portcullis.identity}, indented by two spaces per level */
  public TestIdentity(String extraYaml) throws Exception {
    this(extraYaml, "");
  }

  /**
   * @param publicListener more keys of {@code serve.public} in YAML flow style, e.g. {@code cors: {enabled: true}}
   *     (a second {@code serve} key in {@code extraYaml} would replace the test's ports)
   */
  public TestIdentity(String extraYaml, String publicListener) throws Exception {
    this(extraYaml, publicListener, null);
  }

  /** @param courier where recovery and verification mail goes; null: the role's default (none wired) */
  public TestIdentity(String extraYaml, Courier courier) throws Exception {
    this(extraYaml, "", courier);
  }

  /**
   * On ports the caller chose, for YAML that names its own URLs ({@code base_url}, WebAuthn origins, a provider's
   * callback); {@code extraYaml} and {@code publicListener} as above.
   */
  public TestIdentity(int publicPort, int adminPort, String extraYaml, String publicListener) throws Exception {
    this(publicPort, adminPort, extraYaml, publicListener, null);
  }

  private TestIdentity(String extraYaml, String publicListener, Courier courier) throws Exception {
    this(freePort(), freePort(), extraYaml, publicListener, courier);
  }

  private TestIdentity(int publicPort, int adminPort, String extraYaml, String publicListener, Courier courier)
      throws Exception {
    this.publicPort = publicPort;
    this.adminPort = adminPort;
    String yaml = """
        portcullis:
          identity:
            enabled: true
            dsn: %s
            serve:
              public: {port: %d, host: 127.0.0.1%s}
              admin: {port: %d, host: 127.0.0.1}
            hashers:
              argon2: {memory: 1MB, iterations: 1, parallelism: 1}
        """.formatted(TestPostgres.newDatabase(), publicPort,
            publicListener.isEmpty() ? "" : ", " + publicListener, adminPort) + extraYaml.indent(4);
    var tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    config = ConfigLoader.bind(tree).portcullis().identity();
    // No audit topic: the event source names nothing anyone reads.
    role = IdentityRole.start(vertx, config, new SessionsConfig.Revocations(null, null, null, null), null,
        "portcullis-test", 2, courier, new PortcullisConfig.ServerLimits(null, null, null, null, null), meters,
        "portcullis_").await();
  }

  public String publicUrl() {
    return "http://127.0.0.1:" + publicPort;
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  @Override
  public void close() {
    role.close().await();
    vertx.close().await();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
