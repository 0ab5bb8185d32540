-- The courier's queue: messages are inserted as 'queued' in the transaction of the flow that sends them; a worker
-- claims due ones (FOR UPDATE SKIP LOCKED) for a lease, sends them and records every attempt as a dispatch.
ALTER TABLE courier_messages
  ADD COLUMN channel         text        NOT NULL DEFAULT 'email',
  ADD COLUMN body_html       text,
  -- when the message may be tried (again): the exponential back-off after a failed attempt
  ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- the worker that holds a 'processing' message and until when; an expired lease may be claimed again
  ADD COLUMN lease_owner     uuid,
  ADD COLUMN lease_until     timestamptz,
  -- attempts the SMTP server refused (4xx); past courier.message_retries the message is abandoned. Attempts that
  -- never reached a server (it was down) are in send_count and the dispatches but not here: an outage loses nothing.
  ADD COLUMN rejections      integer     NOT NULL DEFAULT 0,
  ADD CONSTRAINT courier_messages_status CHECK (status IN ('queued', 'processing', 'sent', 'abandoned')),
  ADD CONSTRAINT courier_messages_type CHECK (type IN ('email', 'sms'));

-- What the worker looks for: the due queued messages and the expired leases.
CREATE INDEX courier_messages_due ON courier_messages (next_attempt_at) WHERE status = 'queued';
CREATE INDEX courier_messages_leased ON courier_messages (lease_until) WHERE status = 'processing';
-- The admin list: newest first, keyed by (created_at, id), optionally for one recipient or status.
CREATE INDEX courier_messages_listing ON courier_messages (created_at DESC, id);
CREATE INDEX courier_messages_recipient ON courier_messages (recipient, created_at DESC, id);
CREATE INDEX courier_messages_status_listing ON courier_messages (status, created_at DESC, id);

-- Kratos' dispatches: one row per attempt to send a message, with the error of a failed one.
CREATE TABLE courier_message_dispatches (
  id         uuid PRIMARY KEY,
  message_id uuid        NOT NULL REFERENCES courier_messages (id) ON DELETE CASCADE,
  status     text        NOT NULL CHECK (status IN ('failed', 'success')),
  error      jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX courier_message_dispatches_message ON courier_message_dispatches (message_id, created_at DESC);

-- Wake the courier as soon as a transaction that queued mail commits (NOTIFY is delivered at commit only: a message
-- of a rolled-back flow never existed).
CREATE FUNCTION portcullis_courier_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portcullis_courier', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER courier_notify AFTER INSERT ON courier_messages FOR EACH STATEMENT
  EXECUTE FUNCTION portcullis_courier_notify();
