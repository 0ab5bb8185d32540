package io.portcullis.plugins.builtin.mutate;

import io.portcullis.spi.ConfigException;
import io.portcullis.spi.HandlerConfig;
import io.portcullis.spi.HandlerContext;
import io.portcullis.spi.Mutator;
import io.portcullis.spi.MutatorFactory;
import io.portcullis.spi.Outcome;
import java.util.Set;
import org.pf4j.Extension;

/** {@code noop}: forwards the request as it came (minus what the proxy always strips). */
@Extension
public final class NoopMutator implements MutatorFactory {
  @Override
  public String id() {
    return "noop";
  }

  @Override
  public Mutator create(HandlerConfig config, HandlerContext context) throws ConfigException {
    config.requireOnly(Set.of());
    return (request, session) -> Outcome.successStage();
  }
}
