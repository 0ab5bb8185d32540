package io.portcullis.identity.store;

/** A unique constraint refused a write: the identifier, external id or address belongs to another identity. */
public final class Duplicate extends RuntimeException {
  private final String constraint;

  public Duplicate(String constraint) {
    super("duplicate value for " + constraint, null, false, false);
    this.constraint = constraint;
  }

  public String constraint() {
    return constraint;
  }

  /** True when a credential identifier (not, say, an external id) collided. */
  public boolean identifier() {
    return constraint != null && constraint.startsWith("identity_credential_identifiers");
  }

  static Throwable translate(Throwable t) {
    if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
      return new Duplicate(pg.getConstraint());
    }
    return t;
  }
}
