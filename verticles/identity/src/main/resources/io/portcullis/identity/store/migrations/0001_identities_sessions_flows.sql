-- Identities, their credentials and addresses, sessions (token hashes only), self-service flows, courier messages
-- and the event outbox. Times are timestamptz; ids are UUIDs chosen by the application.

CREATE TABLE identities (
  id               uuid PRIMARY KEY,
  schema_id        text        NOT NULL,
  traits           jsonb       NOT NULL,
  state            text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'inactive')),
  state_changed_at timestamptz,
  metadata_public  jsonb,
  metadata_admin   jsonb,
  external_id      text UNIQUE,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
-- Listing pages are keyed by id.
CREATE INDEX identities_created_id ON identities (id);

CREATE TABLE identity_credentials (
  id          uuid PRIMARY KEY,
  identity_id uuid        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
  type        text        NOT NULL,
  config      jsonb       NOT NULL,
  version     integer     NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  UNIQUE (identity_id, type)
);

-- One identifier (e.g. an e-mail address) belongs to one identity per credential type: this is what makes a
-- duplicate registration fail atomically, even between two nodes.
CREATE TABLE identity_credential_identifiers (
  id            uuid PRIMARY KEY,
  credential_id uuid NOT NULL REFERENCES identity_credentials (id) ON DELETE CASCADE,
  identity_id   uuid NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
  type          text NOT NULL,
  identifier    text NOT NULL,
  UNIQUE (type, identifier)
);
CREATE INDEX identity_credential_identifiers_identity ON identity_credential_identifiers (identity_id);

CREATE TABLE identity_verifiable_addresses (
  id          uuid PRIMARY KEY,
  identity_id uuid        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
  via         text        NOT NULL,
  value       text        NOT NULL,
  verified    boolean     NOT NULL DEFAULT false,
  verified_at timestamptz,
  status      text        NOT NULL DEFAULT 'pending',
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  UNIQUE (identity_id, via, value)
);

CREATE TABLE identity_recovery_addresses (
  id          uuid PRIMARY KEY,
  identity_id uuid        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
  via         text        NOT NULL,
  value       text        NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  UNIQUE (identity_id, via, value)
);

-- A session token is shown once to its holder; only its SHA-256 is kept.
CREATE TABLE sessions (
  id                     uuid PRIMARY KEY,
  identity_id            uuid        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
  token_hash             bytea       NOT NULL UNIQUE,
  logout_token_hash      bytea       NOT NULL UNIQUE,
  active                 boolean     NOT NULL,
  aal                    text        NOT NULL DEFAULT 'aal1',
  authentication_methods jsonb       NOT NULL DEFAULT '[]',
  devices                jsonb       NOT NULL DEFAULT '[]',
  authenticated_at       timestamptz NOT NULL,
  issued_at              timestamptz NOT NULL,
  expires_at             timestamptz NOT NULL,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL
);
CREATE INDEX sessions_identity ON sessions (identity_id, created_at DESC);
CREATE INDEX sessions_listing ON sessions (id);

-- Login, registration, settings, logout flows. The ui container is stored as rendered, so a GET returns exactly
-- what the last submission produced (values, messages).
CREATE TABLE selfservice_flows (
  id          uuid PRIMARY KEY,
  kind        text        NOT NULL,
  type        text        NOT NULL CHECK (type IN ('browser', 'api')),
  state       text        NOT NULL,
  request_url text        NOT NULL,
  return_to   text,
  csrf_token  text        NOT NULL,
  identity_id uuid REFERENCES identities (id) ON DELETE CASCADE,
  session_id  uuid,
  data        jsonb       NOT NULL DEFAULT '{}',
  ui          jsonb       NOT NULL,
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX selfservice_flows_expires ON selfservice_flows (expires_at);

CREATE TABLE courier_messages (
  id            uuid PRIMARY KEY,
  type          text        NOT NULL,
  status        text        NOT NULL DEFAULT 'queued',
  recipient     text        NOT NULL,
  subject       text        NOT NULL,
  body          text        NOT NULL,
  template_type text        NOT NULL,
  template_data jsonb,
  send_count    integer     NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

-- Events written in the same transaction as the change they describe (session revocations, identity events).
-- A relay publishes them in seq order and marks them; nothing is lost if Kafka is down.
CREATE TABLE outbox (
  seq          bigserial PRIMARY KEY,
  id           uuid        NOT NULL UNIQUE,
  type         text        NOT NULL,
  subject      text        NOT NULL,
  payload      jsonb       NOT NULL,
  created_at   timestamptz NOT NULL,
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
