-- edr-playbook PostgreSQL journal, schema version 2: approval gates and undo (docs/approvals-and-undo.md).

-- the runs awaiting approval: one row per run key, deleted by the one decision that decides it.
-- While a row is here, its claim in runs belongs to no engine (engine = ''), so that no engine's
-- stop gives it back.
CREATE TABLE ${t}approvals (
  organization   text        NOT NULL,
  event_id       text        NOT NULL,
  classification text        NOT NULL,
  action         text        NOT NULL,
  connector      text        NOT NULL,
  invocation_id  text        NOT NULL UNIQUE,
  requested_at   timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  entry          text        NOT NULL,
  PRIMARY KEY (organization, event_id, classification, action, connector)
);
CREATE INDEX ${p}approvals_pending ON ${t}approvals (organization, requested_at);
CREATE INDEX ${p}approvals_expires ON ${t}approvals (expires_at);

-- the undos scheduled: one row per run key, deleted by the one call that ends the undo
CREATE TABLE ${t}undos (
  organization   text        NOT NULL,
  event_id       text        NOT NULL,
  classification text        NOT NULL,
  action         text        NOT NULL,
  connector      text        NOT NULL,
  due_at         timestamptz,
  entry          text        NOT NULL,
  PRIMARY KEY (organization, event_id, classification, action, connector)
);
CREATE INDEX ${p}undos_due ON ${t}undos (due_at) WHERE due_at IS NOT NULL;

-- the history takes approval requests and decisions, undo schedules and their ends
ALTER TABLE ${t}history DROP CONSTRAINT IF EXISTS ${p}history_kind_check;
ALTER TABLE ${t}history ADD CONSTRAINT ${p}history_kind_check
  CHECK (kind IN ('classification', 'started', 'result', 'awaiting', 'decision', 'undo', 'undone'));
