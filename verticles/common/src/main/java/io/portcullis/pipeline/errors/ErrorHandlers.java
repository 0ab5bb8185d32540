package io.portcullis.pipeline.errors;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The error handlers Portcullis knows, by id (Oathkeeper's three). */
public final class ErrorHandlers {
  private static final Map<String, ErrorHandlerFactory> FACTORIES = List.of(
          new JsonErrorHandler(), new RedirectErrorHandler(), new WwwAuthenticateErrorHandler())
      .stream().collect(Collectors.toUnmodifiableMap(ErrorHandlerFactory::id, Function.identity()));

  private ErrorHandlers() {
  }

  public static Optional<ErrorHandlerFactory> factory(String id) {
    return Optional.ofNullable(FACTORIES.get(id));
  }

  public static java.util.Set<String> ids() {
    return new java.util.TreeSet<>(FACTORIES.keySet());
  }
}
