package io.portcullis.pipeline.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.spi.AccessRequest;
import io.portcullis.spi.ErrorResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorChainTest {
  private static final AccessRequest BROWSER = WhenTest.request(Map.of("Accept", "text/html"), "10.0.0.1");
  private static final PipelineFailure UNAUTHORIZED = PipelineFailure.unauthorized("no session", null);

  private static ErrorChain.Entry answering(String id, When when, int status) {
    return new ErrorChain.Entry(id, when, (request, denial) -> ErrorResponse.of(status, Map.of(), "text/plain", id));
  }

  private static String body(ErrorResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void theRulesHandlersComeBeforeTheFallbackAndTheFirstResponsibleAnswers() throws Exception {
    When browsers = WhenTest.when(List.of(Map.of("request", Map.of("header", Map.of("accept", List.of("text/html"))))));
    When forbidden = WhenTest.when(List.of(Map.of("error", List.of("forbidden"))));
    ErrorChain chain = new ErrorChain(List.of(answering("for-403", forbidden, 403), answering("redirect", browsers, 302),
        answering("second", When.ALWAYS, 401)), List.of(answering("fallback", When.ALWAYS, 401)));
    assertThat(body(chain.respond(BROWSER, UNAUTHORIZED))).isEqualTo("redirect");
    ErrorChain onlyFallback = new ErrorChain(List.of(answering("for-403", forbidden, 403)),
        List.of(answering("fallback", When.ALWAYS, 401)));
    assertThat(body(onlyFallback.respond(BROWSER, UNAUTHORIZED))).isEqualTo("fallback");
  }

  @Test
  void noneResponsibleIsOrysJsonErrorWithoutTheReason() {
    ErrorResponse r = new ErrorChain(List.of(), List.of()).respond(BROWSER, UNAUTHORIZED);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(body(r)).contains("\"code\":401").doesNotContain("no session");
  }

  @Test
  void aHandlerThatThrowsOrAnswersNothingIsAnsweredForWithTheJsonError() {
    ErrorChain throwing = new ErrorChain(List.of(new ErrorChain.Entry("broken", When.ALWAYS, (request, denial) -> {
      throw new IllegalStateException("plugin bug");
    })), List.of());
    ErrorChain silent = new ErrorChain(List.of(new ErrorChain.Entry("silent", When.ALWAYS, (request, denial) -> null)),
        List.of());
    for (ErrorChain chain : List.of(throwing, silent)) {
      ErrorResponse r = chain.respond(BROWSER, UNAUTHORIZED);
      assertThat(r.status()).isEqualTo(401);
      assertThat(body(r)).contains("Access credentials are invalid");
    }
  }
}
