package io.portcullis.identity.schema;

/** An identity schema that cannot be loaded or used; the message names the schema id and, where known, the pointer. */
public final class SchemaException extends RuntimeException {

  private final String schemaId;
  private final String pointer;

  public SchemaException(String schemaId, String pointer, String message) {
    super("identity schema \"" + schemaId + "\"" + (pointer == null ? "" : " at " + pointer) + ": " + message);
    this.schemaId = schemaId;
    this.pointer = pointer;
  }

  public SchemaException(String schemaId, String message, Throwable cause) {
    super("identity schema \"" + schemaId + "\": " + message, cause);
    this.schemaId = schemaId;
    this.pointer = null;
  }

  public String schemaId() {
    return schemaId;
  }

  /** The JSON pointer of the offending part, or null. */
  public String pointer() {
    return pointer;
  }
}
