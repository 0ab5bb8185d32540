-- Recovery and verification: the links and codes they mail, and how often a flow's codes were tried.
-- Only a keyed hash of a link token or code is kept, so a database dump hands out no recovery.
CREATE TABLE selfservice_tokens (
  id            uuid PRIMARY KEY,
  flow_id       uuid        NOT NULL REFERENCES selfservice_flows (id) ON DELETE CASCADE,
  kind          text        NOT NULL CHECK (kind IN ('recovery_link', 'recovery_code', 'verification_link',
                                                     'verification_code')),
  secret_hash   text        NOT NULL,
  identity_id   uuid        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
  -- The address it was mailed to (null when an administrator issued it). Addresses are matched by value, not by
  -- row id: an identity update rewrites its address rows.
  address_via   text,
  address_value text,
  issued_by     text        NOT NULL CHECK (issued_by IN ('self_service', 'admin')),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  created_at    timestamptz NOT NULL
);
CREATE INDEX selfservice_tokens_flow ON selfservice_tokens (flow_id, kind);

-- Code submissions per flow (Kratos' submit_count): counted before a code is compared, so guessing is bounded.
ALTER TABLE selfservice_flows ADD COLUMN submit_count integer NOT NULL DEFAULT 0;

-- Recovery and verification look addresses up by value.
CREATE INDEX identity_recovery_addresses_value ON identity_recovery_addresses (via, value);
CREATE INDEX identity_verifiable_addresses_value ON identity_verifiable_addresses (via, value);
