-- Policies and their immutable versions. A version's document is the policy JSON as saved
-- (docs/policy.md); its digest is PolicyVersion.digest() of that document.
create table policies (
    id          uuid         primary key,
    name        varchar(100) not null unique,
    description text         not null default '',
    created_at  timestamptz  not null,
    created_by  text         not null
);

create table policy_versions (
    id         uuid        primary key,
    policy_id  uuid        not null references policies (id),
    version    integer     not null,
    digest     varchar(80) not null,
    document   text        not null,
    created_at timestamptz not null,
    created_by text        not null,
    unique (policy_id, version)
);

-- Ordered environments (dev → staging → prod), each bound to one policy version.
-- grace_period_seconds: how long a promotion that fails a re-evaluation stays AT_RISK before it
-- is REVOKED; 0 revokes at once.
create table environments (
    name                 varchar(64) primary key,
    position             integer     not null unique,
    policy_version_id    uuid        not null references policy_versions (id),
    requires_previous    boolean     not null,
    grace_period_seconds bigint      not null check (grace_period_seconds >= 0),
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);

-- Waivers are never deleted: revocation and approval are recorded on the row.
create table waivers (
    id               uuid         primary key,
    vulnerability_id varchar(200) not null,
    purl_pattern     text,
    repository_glob  text,
    environment      varchar(64),
    reason           text         not null,
    justification    varchar(64),
    owner            text         not null,
    source           varchar(16)  not null check (source in ('API', 'OPENVEX', 'CYCLONEDX')),
    source_document  text,
    created_by       text         not null,
    created_at       timestamptz  not null,
    expires_at       timestamptz  not null,
    approved_by      text,
    approved_at      timestamptz,
    revoked_by       text,
    revoked_at       timestamptz,
    revoke_reason    text
);
create index waivers_vulnerability on waivers (lower(vulnerability_id));
create index waivers_active on waivers (expires_at) where revoked_at is null;

-- Every recorded evaluation (promotions and re-evaluations; dry runs are not recorded).
create table evaluations (
    id                uuid         primary key,
    image_digest      varchar(200) not null,
    repository        text         not null,
    environment       varchar(64)  not null,
    policy_version_id uuid         not null references policy_versions (id),
    policy_digest     varchar(80)  not null,
    scan_id           uuid,
    allowed           boolean      not null,
    purpose           varchar(16)  not null check (purpose in ('PROMOTION', 'REEVALUATION')),
    evaluated_at      timestamptz  not null,
    detail            text         not null  -- the evaluation as the API shows it (JSON)
);
create index evaluations_image on evaluations (image_digest, evaluated_at desc);

create table evaluation_rules (
    evaluation_id uuid         not null references evaluations (id) on delete cascade,
    position      integer      not null,
    rule_id       varchar(100) not null,
    action        varchar(8)   not null check (action in ('DENY', 'WARN')),
    outcome       varchar(8)   not null check (outcome in ('PASS', 'FAIL', 'ERROR')),
    message       text         not null,
    primary key (evaluation_id, position)
);

-- The findings that decided a failed selector rule.
create table evaluation_rule_findings (
    evaluation_id    uuid         not null references evaluations (id) on delete cascade,
    rule_position    integer      not null,
    vulnerability_id varchar(200) not null,
    purl             text         not null
);
create index evaluation_rule_findings_evaluation on evaluation_rule_findings (evaluation_id);

-- The waivers that covered a finding in an evaluation.
create table evaluation_waivers (
    evaluation_id    uuid         not null references evaluations (id) on delete cascade,
    waiver_id        uuid         not null references waivers (id),
    vulnerability_id varchar(200) not null,
    purl             text         not null
);
create index evaluation_waivers_evaluation on evaluation_waivers (evaluation_id);
create index evaluation_waivers_waiver on evaluation_waivers (waiver_id);

-- Promotions: read by admission (it listens on the channel scangate_promotions, notified with
-- the promotion id in the transaction of every insert and status change).
create table promotions (
    id                    uuid         primary key,
    image_digest          varchar(200) not null,
    repository            text         not null,
    environment           varchar(64)  not null,
    scan_id               uuid,
    evaluation_id         uuid references evaluations (id),
    status                varchar(16)  not null check (status in ('ACTIVE', 'AT_RISK', 'REVOKED')),
    promoted_at           timestamptz  not null,
    promoted_by           text         not null,
    at_risk_since         timestamptz,
    revoked_at            timestamptz,
    revoke_reason         text,
    requested_reference   text         not null,
    policy_version_id     uuid         not null references policy_versions (id),
    policy_digest         varchar(80)  not null,
    attestation_id        uuid,
    signature_id          uuid,
    last_evaluation_id    uuid references evaluations (id)
);
create index promotions_digest on promotions (image_digest, environment);
create index promotions_environment on promotions (environment, promoted_at desc);
create index promotions_live on promotions (status) where status in ('ACTIVE', 'AT_RISK');
