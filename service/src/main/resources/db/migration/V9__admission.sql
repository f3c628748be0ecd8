-- Admission decisions worth keeping: denials, warn and audit verdicts, exempt namespaces and
-- break-glass admissions. Plain allows of promoted digests are not written (they are counted).
create table admission_decisions (
    id                  uuid primary key,
    decided_at          timestamptz  not null,
    request_uid         varchar(128) not null,
    environment         varchar(64)  not null,
    mode                varchar(16)  not null check (mode in ('ENFORCE', 'WARN', 'AUDIT')),
    namespace           varchar(253),
    kind                varchar(64),
    name                varchar(253),
    operation           varchar(16),
    username            text,
    allowed             boolean      not null,
    policy_allows       boolean      not null,
    exempt              boolean      not null,
    break_glass_reason  text,
    break_glass_expires timestamptz,
    message             text,
    images              jsonb        not null
);
create index admission_decisions_time on admission_decisions (environment, decided_at desc);
