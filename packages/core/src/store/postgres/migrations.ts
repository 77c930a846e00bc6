/** One schema step. Versions only grow; a released step is never edited, a fix is a new step. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The schema, in order. Kept in TypeScript so it ships inside the compiled package: no SQL files to
 * locate at run time.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'connectors and reserved entries',
    sql: `
      -- Creation order shared by every instance: list order and ilert paging follow it.
      CREATE SEQUENCE connector_seq AS bigint;

      CREATE TABLE connectors (
        id         text        PRIMARY KEY,
        type       text        NOT NULL,
        -- Deferrable so one batch may swap names between records; checked per statement otherwise.
        name       text        NOT NULL CONSTRAINT connectors_name_key UNIQUE DEFERRABLE INITIALLY IMMEDIATE,
        config     jsonb       NOT NULL CHECK (jsonb_typeof(config) = 'object'),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version    integer     NOT NULL CHECK (version >= 1),
        seq        bigint      NOT NULL UNIQUE DEFAULT nextval('connector_seq')
      );
      ALTER SEQUENCE connector_seq OWNED BY connectors.seq;

      -- Entries of the Eliza map that are not connectors, such as "defaults".
      CREATE TABLE connector_reserved (
        name  text  PRIMARY KEY,
        value jsonb NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'one-statement batch writes',
    sql: `
      -- A batch is written by one statement (write-batch.ts); an update that found its row at
      -- another version must undo the whole statement. This raises, naming the first such
      -- connector, with a code of our own (SW409) that the store turns into a 409.
      CREATE FUNCTION switchboard_assert_applied(lost text[]) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(lost) > 0 THEN
          RAISE EXCEPTION 'connector "%" was changed by another writer', lost[1] USING ERRCODE = 'SW409', DETAIL = lost[1];
        END IF;
        RETURN true;
      END
      $$;
    `,
  },
  {
    version: 3,
    name: 'connection test results',
    sql: `
      -- The last connection test of each connector (no secret in it); goes with its connector.
      CREATE TABLE connection_test_results (
        connector_id      text        PRIMARY KEY REFERENCES connectors (id) ON DELETE CASCADE,
        connector_version integer     NOT NULL,
        result            jsonb       NOT NULL CHECK (jsonb_typeof(result) = 'object'),
        checked_at        timestamptz NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'shared audit trail',
    sql: `
      -- The audit entries of every instance (names, field paths, key ids, outcomes; never a value).
      -- The whole entry is kept as recorded; the columns beside it are what GET /api/audit filters on.
      CREATE TABLE audit_entries (
        id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at             timestamptz NOT NULL,
        actor          text        NOT NULL,
        action         text        NOT NULL,
        connector_name text        NOT NULL,
        previous_name  text,
        entry          jsonb       NOT NULL CHECK (jsonb_typeof(entry) = 'object')
      );
      CREATE INDEX audit_entries_at ON audit_entries (at);
      CREATE INDEX audit_entries_connector ON audit_entries (connector_name, id);
      CREATE INDEX audit_entries_actor ON audit_entries (actor, id);
    `,
  },
  {
    version: 5,
    name: 'revision history and change feed ids',
    sql: `
      -- Every change of a connector (or of a shared entry such as "defaults"), kept for history
      -- and restore; its id is the change feed's event id, one sequence for every instance (a
      -- connection test takes its event id from the same sequence). Rows outlive their connector:
      -- a deleted connector can be restored. config is null for a deletion; its secret values are
      -- sealed when encryption is on. fingerprints: secret field path -> keyed HMAC, never a value.
      CREATE TABLE connector_revisions (
        id             bigserial   PRIMARY KEY,
        connector_name text        NOT NULL,
        connector_id   text,
        connector_type text,
        action         text        NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        key_id         text        NOT NULL,
        at             timestamptz NOT NULL,
        fields         jsonb       NOT NULL,
        fields_omitted integer,
        fingerprints   jsonb       NOT NULL,
        restored_from  bigint,
        config         jsonb
      );
      CREATE INDEX connector_revisions_name ON connector_revisions (connector_name, id);

      -- Keys the service makes for itself, shared by its instances (the revision fingerprint key
      -- when no encryption key is set).
      CREATE TABLE switchboard_keys (
        name  text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
];
