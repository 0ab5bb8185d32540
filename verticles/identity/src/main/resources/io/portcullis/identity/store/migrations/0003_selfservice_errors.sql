-- Kratos' error flow: errors of browser requests, kept for the error page (GET /self-service/errors?id=).
CREATE TABLE selfservice_errors (
  id uuid PRIMARY KEY,
  error jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX selfservice_errors_created_at ON selfservice_errors (created_at);
