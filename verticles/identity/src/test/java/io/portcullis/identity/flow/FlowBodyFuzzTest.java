package io.portcullis.identity.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The self-service flow body parsers ({@link SubmittedFields}) on arbitrary forms and JSON bodies: a submission is
 * decoded or refused with a Kratos 400, and once decoded, everything the flows read from it (the text fields, the
 * traits, the transient payload) reads without an exception.
 */
class FlowBodyFuzzTest {
  private static final String[] NAMES = {"method", "csrf_token", "identifier", "password", "traits.email",
      "traits.name.first", "traits", "transient_payload", ".", "..", "a..b", "traits.", ".traits"};

  @FuzzTest(maxDuration = "10s")
  void formsDecodeIntoSubmissionsTheFlowsCanRead(FuzzedDataProvider data) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    int n = data.consumeInt(0, 10);
    for (int i = 0; i < n; i++) {
      form.add(data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(20), data.consumeString(30));
    }
    readsCleanly(SubmittedFields.ofForm(form, null));
  }

  /**
   * JSON bodies built field by field (the JSON decoder is not instrumented, so raw bytes would leave the fuzzer
   * blind): names the flows read or not, values of every JSON type.
   */
  @FuzzTest(maxDuration = "10s")
  void jsonBodiesDecodeOrAreRefusedWith400(FuzzedDataProvider data) {
    JsonObject json = new JsonObject();
    int n = data.consumeInt(0, 8);
    for (int i = 0; i < n; i++) {
      json.put(data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(20), value(data, 2));
    }
    JsonObject in;
    try {
      in = SubmittedFields.ofJson(json);
    } catch (KratosError e) {
      assertThat(e.code()).isEqualTo(400);
      return;
    }
    readsCleanly(in);
  }

  private static Object value(FuzzedDataProvider data, int depth) {
    return switch (data.consumeInt(0, depth > 0 ? 6 : 4)) {
      case 0 -> data.consumeString(30);
      case 1 -> data.consumeLong();
      case 2 -> data.consumeBoolean();
      case 3 -> null;
      case 4 -> data.consumeBoolean() ? "{\"a\":" + data.consumeInt() + "}" : data.consumeDouble();
      case 5 -> new JsonObject().put(data.pickValue(NAMES), value(data, depth - 1));
      default -> new JsonArray().add(value(data, depth - 1));
    };
  }

  private static void readsCleanly(JsonObject in) {
    for (String name : SubmittedFields.TEXT_FIELDS) {
      in.getString(name);
    }
    SubmittedFields.traits(in);
    SubmittedFields.transientPayload(in);
  }
}
