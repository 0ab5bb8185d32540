package io.portcullis.identity.pages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Picks the page language from {@code Accept-Language} (quality values honoured) among the available ones. */
final class LanguageChooser {
  private LanguageChooser() {
  }

  private record Range(String tag, double q, int order) {
  }

  static String choose(String acceptLanguage, List<String> available) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return Translations.DEFAULT_LANGUAGE;
    }
    List<Range> ranges = new ArrayList<>();
    String[] parts = acceptLanguage.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] bits = parts[i].trim().split(";");
      double q = 1.0;
      for (int j = 1; j < bits.length; j++) {
        String b = bits[j].trim();
        if (b.startsWith("q=")) {
          try {
            q = Double.parseDouble(b.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0 && !bits[0].isBlank()) {
        ranges.add(new Range(bits[0].trim().toLowerCase(Locale.ROOT), q, i));
      }
    }
    ranges.sort(Comparator.comparingDouble(Range::q).reversed().thenComparingInt(Range::order));
    for (Range r : ranges) {
      if (available.contains(r.tag())) {
        return r.tag();
      }
      String primary = r.tag().contains("-") ? r.tag().substring(0, r.tag().indexOf('-')) : r.tag();
      if (available.contains(primary)) {
        return primary;
      }
      if (r.tag().equals("*")) {
        return Translations.DEFAULT_LANGUAGE;
      }
    }
    return Translations.DEFAULT_LANGUAGE;
  }
}
