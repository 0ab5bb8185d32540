package io.portcullis.identity.hook;

import io.portcullis.config.IdentityConfig;

/** Builds the {@link Hook} of one configuration entry, once at start. */
@FunctionalInterface
public interface HookFactory {
  /**
   * @param entry the entry, {@code {hook: <name>, config: ...}}
   * @param path its key path (e.g. {@code portcullis.identity.selfservice.flows.login.after.hooks[1]}) for errors:
   *     throw {@code InvalidConfigException} with it when the entry cannot be used
   */
  Hook create(IdentityConfig.Hook entry, String path);
}
