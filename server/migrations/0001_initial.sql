-- Portable SQL: TEXT, INTEGER and BIGINT-sized integers only, times as Unix milliseconds, and
-- booleans as 0 or 1, so the same schema runs on SQLite and PostgreSQL.

CREATE TABLE environments (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE salesforce_integrations (
    environment_id TEXT PRIMARY KEY REFERENCES environments (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    client_secret_sealed TEXT NOT NULL,
    client_secret_last4 TEXT NOT NULL,
    my_domain TEXT NOT NULL,
    login_host TEXT NOT NULL,
    scopes TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE salesforce_connections (
    environment_id TEXT PRIMARY KEY REFERENCES environments (id) ON DELETE CASCADE,
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
    updated_at BIGINT NOT NULL
);

CREATE TABLE oauth_states (
    state TEXT PRIMARY KEY,
    environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    session_binding TEXT NOT NULL,
    code_verifier_sealed TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    login_url TEXT NOT NULL,
    integration_version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    consumed_at BIGINT
);

CREATE TABLE health_checks (
    id TEXT PRIMARY KEY,
    environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    started_at BIGINT NOT NULL,
    passed INTEGER NOT NULL,
    report_json TEXT NOT NULL
);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX audit_events_by_environment ON audit_events (environment_id, created_at);
CREATE INDEX health_checks_by_environment ON health_checks (environment_id, started_at);
