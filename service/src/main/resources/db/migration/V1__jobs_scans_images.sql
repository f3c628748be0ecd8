-- Job queue: claimed with FOR UPDATE SKIP LOCKED under a lease that workers extend by heartbeat.
-- A RUNNING job whose lease has expired is claimable again (its worker died).
create table jobs (
    id               bigserial primary key,
    kind             varchar(64)  not null,
    subject_id       uuid         not null,
    priority         integer      not null,
    status           varchar(16)  not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    attempts         integer      not null default 0,
    max_attempts     integer      not null,
    run_at           timestamptz  not null,
    lease_owner      varchar(200),
    lease_token      uuid,
    lease_until      timestamptz,
    heartbeat_at     timestamptz,
    cancel_requested boolean      not null default false,
    last_error       text,
    created_at       timestamptz  not null,
    finished_at      timestamptz
);
create index jobs_claimable on jobs (priority desc, run_at, id) where status in ('QUEUED', 'RUNNING');
create index jobs_subject on jobs (subject_id);

create table scans (
    id                  uuid primary key,
    requested_reference text         not null,
    reference           text         not null,
    registry            varchar(255) not null,
    repository          varchar(255) not null,
    tag                 varchar(128),
    requested_digest    varchar(200),
    digest              varchar(200),
    index_digest        varchar(200),
    platform            varchar(64)  not null,
    priority            varchar(16)  not null,
    status              varchar(16)  not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    dedupe_key          text         not null,
    attempts            integer      not null default 0,
    error               text,
    requested_at        timestamptz  not null,
    started_at          timestamptz,
    finished_at         timestamptz
);
-- At most one active scan per image and platform: concurrent requests join it.
create unique index scans_one_active on scans (dedupe_key) where status in ('QUEUED', 'RUNNING');
create index scans_digest on scans (digest, platform, finished_at desc);
create index scans_requested_at on scans (requested_at desc);

-- A scan of a multi-platform index with platform "all" has one child scan per platform; a child
-- may be a scan that already existed (joined or reused).
create table scan_children (
    parent_scan_id uuid not null references scans (id) on delete cascade,
    child_scan_id  uuid not null references scans (id) on delete cascade,
    primary key (parent_scan_id, child_scan_id)
);
create index scan_children_child on scan_children (child_scan_id);

create table scan_stages (
    scan_id     uuid        not null references scans (id) on delete cascade,
    position    integer     not null,
    name        varchar(64) not null,
    started_at  timestamptz not null,
    duration_ms bigint      not null,
    outcome     varchar(16) not null check (outcome in ('SUCCEEDED', 'FAILED', 'SKIPPED')),
    detail      text,
    primary key (scan_id, position)
);

create table images (
    digest        varchar(200) primary key,
    media_type    varchar(200) not null,
    size          bigint       not null,
    os            varchar(32),
    architecture  varchar(32),
    variant       varchar(16),
    config_digest varchar(200),
    config_user   text,
    created       timestamptz,
    config_json   text,
    first_seen    timestamptz  not null,
    last_seen     timestamptz  not null
);

create table image_layers (
    image_digest varchar(200) not null references images (digest) on delete cascade,
    position     integer      not null,
    digest       varchar(200) not null,
    media_type   varchar(200) not null,
    size         bigint       not null,
    primary key (image_digest, position)
);

create table image_labels (
    image_digest varchar(200) not null references images (digest) on delete cascade,
    name         text         not null,
    value        text         not null,
    primary key (image_digest, name)
);

-- For an index: its children per platform.
create table image_children (
    index_digest varchar(200) not null references images (digest) on delete cascade,
    child_digest varchar(200) not null,
    platform     varchar(64),
    media_type   varchar(200) not null,
    size         bigint       not null,
    primary key (index_digest, child_digest)
);

-- Where an image was seen: registry/repository, and which tag pointed at it when.
create table image_repositories (
    image_digest varchar(200) not null references images (digest) on delete cascade,
    repository   varchar(512) not null,
    first_seen   timestamptz  not null,
    last_seen    timestamptz  not null,
    primary key (image_digest, repository)
);
create index image_repositories_repository on image_repositories (repository);

create table tag_history (
    id          bigserial primary key,
    repository  varchar(512) not null,
    tag         varchar(128) not null,
    digest      varchar(200) not null,
    observed_at timestamptz  not null
);
create index tag_history_lookup on tag_history (repository, tag, observed_at desc);
create index tag_history_digest on tag_history (digest);
