-- API tokens. Only the SHA-256 of the secret is stored: tokens are 256 bits of randomness, so a
-- fast unsalted hash is as strong as a slow one and lets a request's token be found by an index
-- lookup. The secret is shown once, when the token is created.
create table api_tokens (
    id          uuid         primary key,
    name        varchar(100) not null,
    token_hash  char(64)     not null unique,   -- hex SHA-256 of the whole secret (sgt_…)
    prefix      varchar(16)  not null,          -- the first characters, to recognize a token
    scopes      text[]       not null,
    created_at  timestamptz  not null,
    created_by  varchar(200) not null,
    expires_at  timestamptz,
    revoked_at  timestamptz,
    last_used_at timestamptz,
    -- BOOTSTRAP: from scangate.bootstrap-token; INITIAL: generated on the first start
    origin      varchar(16)  not null default 'API' check (origin in ('API', 'BOOTSTRAP', 'INITIAL'))
);
create unique index api_tokens_one_bootstrap on api_tokens (origin)
    where origin = 'BOOTSTRAP' and revoked_at is null;

-- Local dashboard accounts (and OIDC users seen at login, without a password).
create table users (
    id            uuid         primary key,
    username      varchar(100) not null unique,
    password_hash text,                          -- DelegatingPasswordEncoder form: {bcrypt}…
    role          varchar(20)  not null check (role in ('viewer', 'operator', 'security-admin', 'admin')),
    source        varchar(10)  not null check (source in ('LOCAL', 'OIDC', 'BOOTSTRAP')),
    disabled      boolean      not null default false,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);

-- The audit log: append-only, each event chained to the previous one by hash.
--   hash = hex SHA-256(prev_hash || '\n' || canonical JSON of the event), see AuditLog.
create table audit_events (
    id          bigserial    primary key,
    at          timestamptz  not null,
    actor       varchar(200) not null,
    action      varchar(100) not null,
    target_type varchar(50),
    target_id   varchar(200),
    details     jsonb        not null,
    prev_hash   char(64)     not null,
    hash        char(64)     not null unique
);
create index audit_events_action on audit_events (action, id);
create index audit_events_actor on audit_events (actor, id);
create index audit_events_at on audit_events (at);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_events is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_events_no_update_delete before update or delete on audit_events
    for each row execute function audit_events_append_only();
create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only();
