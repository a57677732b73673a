-- edr-playbook PostgreSQL journal, schema version 1.
-- ${t} is replaced by the schema and table prefix of a table (for example "edr_" or "ops.edr_"),
-- ${p} by the table prefix alone (index names).

-- one row per event: its current classification and the one before (classify locks this row)
CREATE TABLE ${t}events (
  organization   text        NOT NULL,
  event_id       text        NOT NULL,
  current_class  text        NOT NULL,
  previous_class text,
  classified_at  timestamptz NOT NULL,
  PRIMARY KEY (organization, event_id)
);

-- every event's history, in the order it was recorded (seq)
CREATE TABLE ${t}history (
  seq            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization   text        NOT NULL,
  event_id       text        NOT NULL,
  kind           text        NOT NULL CHECK (kind IN ('classification', 'started', 'result')),
  invocation_id  text,
  previous_class text,
  at             timestamptz NOT NULL,
  entry          text        NOT NULL
);
CREATE INDEX ${p}history_event ON ${t}history (organization, event_id, seq);
CREATE INDEX ${p}history_at ON ${t}history (at, seq);
-- one terminal record per invocation, whatever engine writes it
CREATE UNIQUE INDEX ${p}history_one_result ON ${t}history (invocation_id) WHERE kind = 'result';

-- at most one run per key, ever: a claim is an insert that does nothing on conflict
CREATE TABLE ${t}runs (
  organization   text        NOT NULL,
  event_id       text        NOT NULL,
  classification text        NOT NULL,
  action         text        NOT NULL,
  connector      text        NOT NULL,
  holder         text        NOT NULL,
  engine         text        NOT NULL,
  started        boolean     NOT NULL DEFAULT false,
  last_status    text,
  claimed_at     timestamptz NOT NULL,
  PRIMARY KEY (organization, event_id, classification, action, connector)
);
CREATE INDEX ${p}runs_unstarted ON ${t}runs (engine) WHERE NOT started AND last_status IS NULL;

-- runs that started and have no terminal record yet: what a dead engine leaves behind
CREATE TABLE ${t}open_runs (
  invocation_id  text        PRIMARY KEY,
  organization   text        NOT NULL,
  event_id       text        NOT NULL,
  engine         text        NOT NULL,
  started_at     timestamptz NOT NULL,
  entry          text        NOT NULL
);
CREATE INDEX ${p}open_runs_engine ON ${t}open_runs (engine);

-- the engines sharing the journal and their heartbeats (database clock)
CREATE TABLE ${t}engines (
  engine_id      text        PRIMARY KEY,
  host           text        NOT NULL,
  registered_at  timestamptz NOT NULL DEFAULT now(),
  heartbeat_at   timestamptz NOT NULL DEFAULT now()
);

-- a connector's cluster-wide run slots: leases that expire when their engine stops renewing them
CREATE TABLE ${t}connector_slots (
  connector      text        NOT NULL,
  slot           integer     NOT NULL,
  invocation_id  text        NOT NULL,
  engine         text        NOT NULL,
  expires_at     timestamptz NOT NULL,
  PRIMARY KEY (connector, slot)
);
CREATE INDEX ${p}connector_slots_invocation ON ${t}connector_slots (invocation_id);
