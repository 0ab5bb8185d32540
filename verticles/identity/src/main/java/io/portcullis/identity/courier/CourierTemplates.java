package io.portcullis.identity.courier;

import io.portcullis.config.CourierConfig;
import io.portcullis.config.InvalidConfigException;
import io.portcullis.rules.template.DocumentTemplate;
import io.portcullis.rules.template.DocumentTemplate.Escaping;
import io.portcullis.rules.template.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The e-mail templates of the eight Kratos template types, each a subject, a plain-text and an HTML body, chosen as
 * Kratos chooses them: the location configured under {@code courier.templates.<flow>.<valid|invalid>.email}
 * ({@code file://}, {@code base64://}, {@code http(s)://}); else the file of that name in
 * {@code courier.template_override_path} (with the files beside it that start the same, so that
 * {@code email.body.gotmpl} can call {@code email.body.de.gotmpl}); else the built-in one, whose text is Kratos'.
 * Everything is read and compiled once, at start: a broken template stops the start, naming its key.
 */
public final class CourierTemplates {
  private static final String BUILT_IN = "/io/portcullis/identity/courier/templates/";
  private static final String P = "portcullis.identity.courier.";

  /** One message rendered: the subject is trimmed, as Kratos trims it. */
  public record Rendered(String subject, String plaintext, String html) {
  }

  private enum Part {
    SUBJECT("email.subject", Escaping.TEXT, "subject"),
    PLAINTEXT("email.body.plaintext", Escaping.TEXT, "body.plaintext"),
    HTML("email.body", Escaping.HTML, "body.html");

    final String file;
    final Escaping escaping;
    final String key;

    Part(String file, Escaping escaping, String key) {
      this.file = file;
      this.escaping = escaping;
      this.key = key;
    }

    String configured(CourierConfig.Email e) {
      return switch (this) {
        case SUBJECT -> e.subject();
        case PLAINTEXT -> e.body().plaintext();
        case HTML -> e.body().html();
      };
    }
  }

  private final Map<TemplateType, Map<Part, DocumentTemplate>> templates;

  private CourierTemplates(Map<TemplateType, Map<Part, DocumentTemplate>> templates) {
    this.templates = templates;
  }

  /**
   * Reads and compiles every template (blocking: call at start, off the event loop).
   *
   * @throws InvalidConfigException naming the key (or file) whose template cannot be read or compiled
   */
  public static CourierTemplates load(CourierConfig config) {
    Map<TemplateType, Map<Part, DocumentTemplate>> all = new EnumMap<>(TemplateType.class);
    HttpClient[] http = new HttpClient[1];
    for (TemplateType type : TemplateType.values()) {
      CourierConfig.Email configured = config.templates().flow(type.templatesKey()).variant(type.validity()).email();
      Map<Part, DocumentTemplate> parts = new EnumMap<>(Part.class);
      for (Part part : Part.values()) {
        String key = P + "templates." + type.templatesKey() + "." + type.validity() + ".email." + part.key;
        parts.put(part, compile(key, part, type, configured, config.templateOverridePath(), http));
      }
      all.put(type, parts);
    }
    return new CourierTemplates(all);
  }

  private static DocumentTemplate compile(String key, Part part, TemplateType type, CourierConfig.Email configured,
      String overridePath, HttpClient[] http) {
    String dir = type.templatesKey() + "/" + type.validity();
    String main = part.file + ".gotmpl";
    Map<String, String> sources = new LinkedHashMap<>();
    String where;
    String location = part.configured(configured);
    if (!location.isEmpty()) {
      where = key;
      sources.put(location, fetch(key, location, http));
      main = location;
    } else if (!overridePath.isEmpty() && Files.isRegularFile(Path.of(overridePath, dir, main))) {
      where = P + "template_override_path (" + Path.of(overridePath, dir, main) + ")";
      sources.put(main, read(where, Path.of(overridePath, dir, main)));
      // Kratos parses the glob <dir>/<part>* with it, so the main file can call its siblings by file name
      try (DirectoryStream<Path> siblings = Files.newDirectoryStream(Path.of(overridePath, dir), part.file + "*")) {
        for (Path p : siblings) {
          if (Files.isRegularFile(p)) {
            sources.putIfAbsent(p.getFileName().toString(), read(where, p));
          }
        }
      } catch (IOException e) {
        throw new InvalidConfigException(where, "cannot list the templates beside it: " + e.getMessage());
      }
    } else {
      where = "built-in template " + dir + "/" + main;
      sources.put(main, builtIn(dir + "/" + main));
    }
    try {
      return DocumentTemplate.parse(main, sources, part.escaping);
    } catch (TemplateException e) {
      throw new InvalidConfigException(where, "is not a valid Go template: " + e.getMessage());
    }
  }

  /** Renders the three parts of {@code type} with Kratos' model of it. */
  public Rendered render(TemplateType type, Map<String, Object> model) {
    Map<Part, DocumentTemplate> parts = templates.get(type);
    return new Rendered(parts.get(Part.SUBJECT).render(model).strip(), parts.get(Part.PLAINTEXT).render(model),
        parts.get(Part.HTML).render(model));
  }

  private static String fetch(String key, String location, HttpClient[] http) {
    if (location.startsWith("base64://")) {
      return new String(Base64.getDecoder().decode(location.substring("base64://".length())), StandardCharsets.UTF_8);
    }
    if (location.startsWith("file://")) {
      return read(key, Path.of(location.substring("file://".length())));
    }
    if (location.startsWith("http://") || location.startsWith("https://")) {
      if (http[0] == null) {
        http[0] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
      }
      try {
        HttpResponse<String> r = http[0].send(HttpRequest.newBuilder(URI.create(location))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
          throw new InvalidConfigException(key, "fetching " + location + " answered " + r.statusCode()
              + " (expected 200)");
        }
        return r.body();
      } catch (IOException e) {
        throw new InvalidConfigException(key, "cannot fetch " + location + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InvalidConfigException(key, "interrupted while fetching " + location);
      }
    }
    throw new InvalidConfigException(key, "\"" + location + "\" is not a template location (expected file://, "
        + "base64:// or http(s)://)");
  }

  private static String read(String key, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidConfigException(key, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String builtIn(String name) {
    try (InputStream in = CourierTemplates.class.getResourceAsStream(BUILT_IN + name)) {
      if (in == null) {
        throw new IllegalStateException("built-in courier template " + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in courier template " + name, e);
    }
  }
}
