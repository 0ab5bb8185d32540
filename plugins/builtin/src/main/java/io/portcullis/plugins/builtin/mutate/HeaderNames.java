package io.portcullis.plugins.builtin.mutate;

import io.portcullis.spi.ConfigException;

/** RFC 9110 token check for names the operator writes into mutator configuration. */
final class HeaderNames {
  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HeaderNames() {
  }

  static void requireToken(String field, String name) throws ConfigException {
    if (name.isEmpty()) {
      throw new ConfigException(field, name, "a non-empty name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || TCHAR_SYMBOLS.indexOf(c) >= 0;
      if (!ok) {
        throw new ConfigException(field, name, "a name made of letters, digits and !#$%&'*+-.^_`|~");
      }
    }
  }
}
