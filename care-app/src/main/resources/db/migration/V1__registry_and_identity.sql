-- The care-circle registry, caregivers' identity and the app's shared state (sessions, rate limits,
-- signing keys). Nothing the app needs between two requests lives in its memory, so any instance can
-- serve any request.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE patient (
    patient_id      text PRIMARY KEY,
    display_name    text NOT NULL,
    time_zone       text NOT NULL DEFAULT '',
    -- calor.v1.AlertThresholds and SiteCorrection in their protobuf JSON mapping
    thresholds      jsonb NOT NULL DEFAULT '{}',
    site_correction jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- A patch is worn by one patient for a period; a patch is never on two patients at once.
CREATE TABLE device_assignment (
    assignment_id bigserial PRIMARY KEY,
    device_id     text NOT NULL,
    patient_id    text NOT NULL REFERENCES patient ON DELETE CASCADE,
    site          text NOT NULL,
    valid_from    timestamptz NOT NULL,
    valid_until   timestamptz,
    CHECK (valid_until IS NULL OR valid_until > valid_from),
    EXCLUDE USING gist (device_id WITH =, tstzrange(valid_from, valid_until) WITH &&)
);
CREATE INDEX device_assignment_patient ON device_assignment (patient_id, valid_from DESC);

CREATE TABLE caregiver (
    caregiver_id      text PRIMARY KEY,
    display_name      text NOT NULL,
    email             text,
    password_hash     text,
    escalation_rank   integer NOT NULL DEFAULT 0 CHECK (escalation_rank >= 0),
    quiet_start       text,
    quiet_end         text,
    quiet_time_zone   text,
    -- tokens issued before this instant are refused (password change, reset, "sign out everywhere")
    tokens_valid_after timestamptz NOT NULL DEFAULT '-infinity',
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX caregiver_email ON caregiver (lower(email));

CREATE TABLE channel (
    caregiver_id   text NOT NULL REFERENCES caregiver ON DELETE CASCADE,
    position       integer NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('app', 'email', 'webhook')),
    address        text NOT NULL DEFAULT '',
    signing_secret text NOT NULL DEFAULT '',
    PRIMARY KEY (caregiver_id, position)
);

-- A patient's care circle: who may see the patient and with which role.
CREATE TABLE membership (
    patient_id   text NOT NULL REFERENCES patient ON DELETE CASCADE,
    caregiver_id text NOT NULL REFERENCES caregiver ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('owner', 'family', 'clinician')),
    added_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_id, caregiver_id)
);
CREATE INDEX membership_caregiver ON membership (caregiver_id);

-- Codes are stored as SHA-256 only: a database dump does not let anyone join a circle.
CREATE TABLE invitation (
    invitation_id text PRIMARY KEY,
    code_hash     bytea NOT NULL UNIQUE,
    patient_id    text NOT NULL REFERENCES patient ON DELETE CASCADE,
    role          text NOT NULL CHECK (role IN ('owner', 'family', 'clinician')),
    email         text,
    created_by    text REFERENCES caregiver ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    accepted_at   timestamptz,
    accepted_by   text REFERENCES caregiver ON DELETE SET NULL,
    revoked_at    timestamptz
);

CREATE TABLE password_reset (
    code_hash    bytea PRIMARY KEY,
    caregiver_id text NOT NULL REFERENCES caregiver ON DELETE CASCADE,
    created_by   text REFERENCES caregiver ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);

-- One sign-in; its refresh tokens rotate, and reuse of a spent one revokes the whole session.
CREATE TABLE session (
    session_id   uuid PRIMARY KEY,
    caregiver_id text NOT NULL REFERENCES caregiver ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    revoked_why  text
);
CREATE INDEX session_caregiver ON session (caregiver_id);

CREATE TABLE refresh_token (
    token_hash bytea PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES session ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz
);

-- ES256 signing keys shared by every instance. A key signs from created_at until retire_at and stays in
-- the published key set until expires_at (retire_at + the longest token lifetime).
CREATE TABLE signing_key (
    kid         text PRIMARY KEY,
    private_jwk text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retire_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- Fixed-window counters shared by every instance (login throttling, per-address and per-user limits).
CREATE TABLE rate_limit (
    bucket       text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL
);

-- Bumped by every registry change, in the same transaction; the trigger notifies listeners on commit.
CREATE TABLE registry_version (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version    bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO registry_version VALUES (true, 0, now());

CREATE FUNCTION registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE registry_version SET version = version + 1, changed_at = clock_timestamp();
    PERFORM pg_notify('calor_registry', '');
    RETURN NULL;
END $$;

CREATE TRIGGER patient_changed AFTER INSERT OR UPDATE OR DELETE ON patient
    FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER device_assignment_changed AFTER INSERT OR UPDATE OR DELETE ON device_assignment
    FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER caregiver_changed AFTER INSERT OR DELETE OR UPDATE OF caregiver_id, display_name,
    escalation_rank, quiet_start, quiet_end, quiet_time_zone ON caregiver
    FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER channel_changed AFTER INSERT OR UPDATE OR DELETE ON channel
    FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER membership_changed AFTER INSERT OR UPDATE OR DELETE ON membership
    FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
