-- Wake the outbox relay as soon as a transaction that wrote events commits (NOTIFY is delivered at commit, once per
-- transaction and channel), so revocations travel in milliseconds instead of at the next poll.
CREATE FUNCTION portcullis_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portcullis_outbox', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION portcullis_outbox_notify();
