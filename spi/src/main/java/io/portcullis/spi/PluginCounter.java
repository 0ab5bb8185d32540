package io.portcullis.spi;

/** A monotonically increasing count exported by the host's metrics endpoint. */
@FunctionalInterface
public interface PluginCounter {
  void increment();
}
