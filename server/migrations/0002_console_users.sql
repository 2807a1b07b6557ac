-- Console users, sign-in throttling, and Salesforce connections that belong to one console user.
-- Portable SQL as in 0001: TEXT, BIGINT Unix milliseconds, and INTEGER 0 or 1 for booleans.

CREATE TABLE console_users (
    id TEXT PRIMARY KEY,
    -- Stored lowercased, so lookups and the UNIQUE constraint ignore case.
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'support')),
    -- An argon2id hash in PHC string format.
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

-- Failed sign-ins, one row per account and one per client address. The account key is the
-- SHA-256 of the lowercased email, so emails that belong to nobody are not stored as typed.
-- Every console process that shares the database reads and updates the same rows.
CREATE TABLE sign_in_attempts (
    throttle_kind TEXT NOT NULL CHECK (throttle_kind IN ('account', 'address')),
    throttle_key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    window_started_at BIGINT NOT NULL,
    locked_until BIGINT,
    PRIMARY KEY (throttle_kind, throttle_key)
);

-- The key becomes (environment_id, console_user_id). SQLite cannot change a primary key in place,
-- so the table is rebuilt. Connections made before console users existed belong to nobody and are
-- dropped: their tokens stay valid at Salesforce until they expire or are revoked there, and each
-- admin clicks Connect again.
DROP TABLE salesforce_connections;

CREATE TABLE salesforce_connections (
    environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    console_user_id TEXT NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    salesforce_user_id TEXT NOT NULL,
    salesforce_org_id TEXT NOT NULL,
    username TEXT NOT NULL,
    display_name TEXT,
    instance_url TEXT NOT NULL,
    identity_url TEXT,
    login_url TEXT NOT NULL,
    granted_scopes TEXT NOT NULL,
    access_token_sealed TEXT NOT NULL,
    refresh_token_sealed TEXT,
    status TEXT NOT NULL,
    connected_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (environment_id, console_user_id)
);

-- A pending authorization records the console user who clicked Connect, and the callback checks
-- it. Pending rows live for 10 minutes, so the rebuild drops them instead of guessing their user.
DROP TABLE oauth_states;

CREATE TABLE oauth_states (
    state TEXT PRIMARY KEY,
    environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    console_user_id TEXT NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    session_binding TEXT NOT NULL,
    code_verifier_sealed TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    login_url TEXT NOT NULL,
    integration_version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    consumed_at BIGINT
);
