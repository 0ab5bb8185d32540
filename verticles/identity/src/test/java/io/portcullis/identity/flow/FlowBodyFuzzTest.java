package io.portcullis.identity.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
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

  @FuzzTest(maxDuration = "10s")
  void jsonBodiesDecodeOrAreRefusedWith400(byte[] body) {
    JsonObject json;
    try {
      json = new JsonObject(Buffer.buffer(body));
    } catch (DecodeException | ClassCastException notAnObject) {
      return; // Http.body answers these with 400 before the flows see anything.
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

  private static void readsCleanly(JsonObject in) {
    for (String name : SubmittedFields.TEXT_FIELDS) {
      in.getString(name);
    }
    SubmittedFields.traits(in);
    SubmittedFields.transientPayload(in);
  }
}
