package io.portcullis.identity.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SubmittedFieldsTest {
  @Test
  void aJsonTextFieldOfAnotherTypeIsA400NotALaterClassCastException() {
    // Found writing FlowBodyFuzzTest: {"method": 1} reached in.getString("method") and answered 500.
    KratosError e = catchThrowableOfType(KratosError.class,
        () -> SubmittedFields.ofJson(new JsonObject().put("method", 1).put("identifier", "ada")));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.toJson().getJsonObject("error").getString("reason")).contains("method");
    JsonObject fine = new JsonObject().put("method", "password").put("traits", new JsonObject().put("age", 3));
    assertThat(SubmittedFields.ofJson(fine)).isSameAs(fine);
  }

  @Test
  void formNamesNestAndANameOfDotsOnlyIsIgnored() {
    // Found writing FlowBodyFuzzTest: a field named "." threw ArrayIndexOutOfBoundsException.
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("traits.name.first", "Ada").add(".", "x").add("..", "y")
        .add("method", "password");
    assertThat(SubmittedFields.ofForm(form, null)).isEqualTo(new JsonObject().put("method", "password")
        .put("traits", new JsonObject().put("name", new JsonObject().put("first", "Ada"))));
  }
}
