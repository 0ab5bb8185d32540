package io.portcullis.identity.pages;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The pages' texts by language. Kratos messages are keyed by their numeric id (the English text is the one in the
 * flow, so a message nobody translated still reads well); page texts by a key such as {@code login.title}. English
 * and German are built in; {@code ui.translations} adds or overrides languages with {@code <language>.properties}
 * files (UTF-8).
 */
final class Translations {
  static final String DEFAULT_LANGUAGE = "en";
  private static final List<String> BUILT_IN = List.of("en", "de");
  private final Map<String, Map<String, String>> byLanguage = new LinkedHashMap<>();

  private Translations() {
  }

  /** The built-in languages and those in {@code source} (a folder or one file; empty for none). */
  static Translations load(String source) {
    Translations t = new Translations();
    for (String lang : BUILT_IN) {
      try (InputStream in = Translations.class.getResourceAsStream(lang + ".properties")) {
        t.add(lang, read(new InputStreamReader(in, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("built-in translations " + lang + " are unreadable", e);
      }
    }
    if (source != null && !source.isEmpty()) {
      Path p = Path.of(source);
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.getFileName().toString().endsWith(".properties")).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new IllegalStateException("portcullis.identity.ui.translations: cannot list " + p + ": " + e, e);
        }
      } else {
        files.add(p);
      }
      for (Path f : files) {
        String name = f.getFileName().toString();
        String lang = name.endsWith(".properties") ? name.substring(0, name.length() - ".properties".length()) : name;
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          t.add(lang.toLowerCase(Locale.ROOT), read(r));
        } catch (IOException e) {
          throw new IllegalStateException("portcullis.identity.ui.translations: cannot read " + f + ": " + e, e);
        }
      }
    }
    return t;
  }

  private static Map<String, String> read(Reader r) throws IOException {
    Properties p = new Properties();
    p.load(r);
    Map<String, String> m = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  private void add(String lang, Map<String, String> entries) {
    byLanguage.computeIfAbsent(lang, k -> new LinkedHashMap<>()).putAll(entries);
  }

  /** The languages there are texts for. */
  List<String> languages() {
    return List.copyOf(byLanguage.keySet());
  }

  /** The texts of {@code lang}, falling back to English key by key. */
  Texts of(String lang) {
    Map<String, String> own = byLanguage.getOrDefault(lang, Map.of());
    Map<String, String> english = byLanguage.get(DEFAULT_LANGUAGE);
    return new Texts(lang, own, english);
  }

  /** One language's texts. */
  static final class Texts {
    private final String language;
    private final Map<String, String> own;
    private final Map<String, String> english;

    Texts(String language, Map<String, String> own, Map<String, String> english) {
      this.language = language;
      this.own = own;
      this.english = english;
    }

    String language() {
      return language;
    }

    /** A page text by key, {@code {0}}-style arguments replaced; the key itself when nobody wrote it. */
    String text(String key, Object... args) {
      String t = own.getOrDefault(key, english.getOrDefault(key, key));
      for (int i = 0; i < args.length; i++) {
        t = t.replace("{" + i + "}", String.valueOf(args[i]));
      }
      return t;
    }

    /**
     * A Kratos {@code uiText}: the translation of its id with {@code {name}} placeholders filled from its
     * {@code context}, else the text Kratos wrote.
     */
    String message(JsonObject uiText) {
      if (uiText == null) {
        return "";
      }
      String fallback = uiText.getString("text", "");
      Object id = uiText.getValue("id");
      String t = id == null ? null : own.get(String.valueOf(id));
      if (t == null) {
        return fallback;
      }
      JsonObject context = uiText.getJsonObject("context");
      if (context != null) {
        for (String k : context.fieldNames()) {
          Object v = context.getValue(k);
          t = t.replace("{" + k + "}", v == null ? "" : String.valueOf(v));
        }
      }
      return t;
    }
  }
}
