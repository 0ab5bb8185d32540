package io.portcullis.identity.manage;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * RFC 6902 JSON Patch ({@code add}, {@code remove}, {@code replace}, {@code move}, {@code copy}, {@code test}) over an
 * identity's JSON, limited to the fields an admin may change. A failing operation rejects the whole patch.
 */
final class JsonPatch {
  /** Top-level fields a patch may touch; everything else (id, timestamps, addresses) is derived or fixed. */
  private static final Set<String> PATCHABLE = Set.of("schema_id", "traits", "state", "metadata_public",
      "metadata_admin", "external_id", "credentials");

  private JsonPatch() {
  }

  static JsonObject apply(JsonObject document, JsonArray operations) {
    JsonObject doc = document.copy();
    for (int i = 0; i < operations.size(); i++) {
      Object raw = operations.getValue(i);
      if (!(raw instanceof JsonObject op)) {
        throw KratosError.badRequest("patch[" + i + "] must be an object with op and path");
      }
      String name = op.getString("op");
      String path = op.getString("path");
      if (name == null || path == null) {
        throw KratosError.badRequest("patch[" + i + "] needs \"op\" and \"path\"");
      }
      List<String> to = pointer(i, path);
      switch (name) {
        case "add" -> add(i, doc, to, value(i, op), true);
        case "replace" -> {
          get(i, doc, to);
          add(i, doc, to, value(i, op), false);
        }
        case "remove" -> remove(i, doc, to);
        case "move" -> {
          List<String> from = pointer(i, op.getString("from"));
          Object v = get(i, doc, from);
          remove(i, doc, from);
          add(i, doc, to, v, true);
        }
        case "copy" -> add(i, doc, to, copy(get(i, doc, pointer(i, op.getString("from")))), true);
        case "test" -> {
          Object actual = get(i, doc, to);
          Object expected = op.getValue("value");
          if (actual == null ? expected != null : !actual.equals(expected)) {
            throw KratosError.badRequest("patch[" + i + "]: test of " + path + " failed");
          }
        }
        default -> throw KratosError.badRequest("patch[" + i + "]: op \"" + name + "\" is not one of add, remove, "
            + "replace, move, copy, test");
      }
    }
    return doc;
  }

  private static Object value(int i, JsonObject op) {
    if (!op.containsKey("value")) {
      throw KratosError.badRequest("patch[" + i + "]: \"" + op.getString("op") + "\" needs a value");
    }
    return copy(op.getValue("value"));
  }

  private static Object copy(Object v) {
    return v instanceof JsonObject o ? o.copy() : v instanceof JsonArray a ? a.copy() : v;
  }

  private static List<String> pointer(int i, String path) {
    if (path == null || !path.startsWith("/")) {
      throw KratosError.badRequest("patch[" + i + "]: path \"" + path + "\" is not a JSON pointer (e.g. /traits/email)");
    }
    List<String> parts = new ArrayList<>();
    for (String p : path.substring(1).split("/", -1)) {
      parts.add(p.replace("~1", "/").replace("~0", "~"));
    }
    if (!PATCHABLE.contains(parts.get(0))) {
      throw KratosError.badRequest("patch[" + i + "]: " + path + " cannot be changed; patchable fields are "
          + String.join(", ", new java.util.TreeSet<>(PATCHABLE)));
    }
    return parts;
  }

  private static Object get(int i, JsonObject doc, List<String> path) {
    Object cur = doc;
    for (String p : path) {
      cur = child(cur, p);
      if (cur == MISSING) {
        throw KratosError.badRequest("patch[" + i + "]: /" + String.join("/", path) + " does not exist");
      }
    }
    return cur;
  }

  private static final Object MISSING = new Object();

  private static Object child(Object cur, String key) {
    if (cur instanceof JsonObject o) {
      return o.containsKey(key) ? o.getValue(key) : MISSING;
    }
    if (cur instanceof JsonArray a) {
      int idx = index(key, a.size() - 1);
      return idx < 0 ? MISSING : a.getValue(idx);
    }
    return MISSING;
  }

  private static void add(int i, JsonObject doc, List<String> path, Object value, boolean insert) {
    Object parent = path.size() == 1 ? doc : get(i, doc, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof JsonObject o) {
      o.put(last, value);
    } else if (parent instanceof JsonArray a) {
      if (insert && last.equals("-")) {
        a.add(value);
        return;
      }
      int idx = index(last, insert ? a.size() : a.size() - 1);
      if (idx < 0) {
        throw KratosError.badRequest("patch[" + i + "]: index " + last + " is out of range");
      }
      if (insert) {
        a.getList().add(idx, value);
      } else {
        a.set(idx, value);
      }
    } else {
      throw KratosError.badRequest("patch[" + i + "]: the parent of /" + String.join("/", path) + " is not an object "
          + "or array");
    }
  }

  private static void remove(int i, JsonObject doc, List<String> path) {
    get(i, doc, path);
    Object parent = path.size() == 1 ? doc : get(i, doc, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof JsonObject o) {
      o.remove(last);
    } else if (parent instanceof JsonArray a) {
      a.remove(index(last, a.size() - 1));
    }
  }

  private static int index(String s, int max) {
    try {
      int n = Integer.parseInt(s);
      return n < 0 || n > max ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
