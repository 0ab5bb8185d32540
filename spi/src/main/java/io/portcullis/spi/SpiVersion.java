package io.portcullis.spi;

/** Semantic version of this contract. A plugin declares the range it needs in its manifest ({@code Plugin-Requires}). */
public final class SpiVersion {
  public static final String VERSION = "1.5.0";

  private SpiVersion() {
  }
}
