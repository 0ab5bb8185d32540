package io.portcullis.identity.password;

/**
 * bcrypt cost, as Kratos' {@code hashers.bcrypt.cost}.
 *
 * <p>{@link #DEFAULT} is 12 because Kratos raises any lower cost to 12 outside {@code --dev}; measured with Bouncy
 * Castle on the 2-core build machine it takes about 330 ms per hash or verify (cost 10: ~110 ms). Costs 4..11 are
 * accepted for tests and dev mode only, as in Kratos' schema.
 *
 * @param cost log2 of the rounds, 4..31
 */
public record BcryptParams(int cost) {

  /** Kratos' minimum and default outside dev mode. */
  public static final BcryptParams DEFAULT = new BcryptParams(12);

  public BcryptParams {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("hashers.bcrypt.cost: " + cost + ", expected 4..31");
    }
  }
}
