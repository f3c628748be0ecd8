-- The OSV vulnerability database scangate matches SBOMs against, how it was imported, and the
-- merged findings of each scan.

-- Where advisories come from: a configured source (scheduled), an uploaded zip or a URL.
create table vulndb_sources (
    name           varchar(300) primary key,   -- e.g. "osv:npm", "upload", or the URL
    location       text         not null,
    scheduled      boolean      not null default false,
    last_import_id uuid,
    last_success   timestamptz
);

-- One import of OSV records. An upload is kept in upload_bytes until the import job has read
-- it, so a worker that dies mid-import does not lose it; it is cleared when the import ends.
create table vulndb_imports (
    id           uuid         primary key,
    source       varchar(300) not null,
    kind         varchar(16)  not null check (kind in ('URL', 'UPLOAD', 'ZIP', 'DIRECTORY')),
    location     text         not null,
    status       varchar(16)  not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    requested_at timestamptz  not null,
    started_at   timestamptz,
    finished_at  timestamptz,
    entries      integer      not null default 0,
    added        integer      not null default 0,
    updated      integer      not null default 0,
    unchanged    integer      not null default 0,
    withdrawn    integer      not null default 0,
    skipped      integer      not null default 0,
    complete     boolean,
    issues       text         not null default '[]',  -- JSON array of {entry, kind, reason}
    issue_count  integer      not null default 0,
    error        text,
    upload_name  text,
    upload_bytes bytea
);
create index vulndb_imports_requested on vulndb_imports (requested_at desc);

-- OSV records, one row per id: the latest version by "modified" (a withdrawn record keeps its row
-- with withdrawn set). record is the JSON exactly as imported.
create table advisories (
    id             text         primary key,
    modified       timestamptz  not null,
    published      timestamptz,
    withdrawn      timestamptz,
    aliases        text[]       not null,   -- aliases and upstream ids
    ecosystems     text[]       not null,   -- affected[].package.ecosystem as written
    package_names  text[]       not null,   -- lower-cased last segment of each affected package name
    summary        text,
    severity       text,                    -- database_specific.severity
    record         text         not null,
    source         varchar(300) not null,
    import_id      uuid         not null,
    imported_at    timestamptz  not null
);
create index advisories_aliases on advisories using gin (aliases);
create index advisories_package_names on advisories using gin (package_names);
create index advisories_import on advisories (import_id);
create index advisories_imported_at on advisories (imported_at);

-- The scanners that ran in a scan (and the last re-match), with their versions. The result of
-- an external scanner (Grype, Trivy) is kept as normalized JSON so a re-match can merge it with
-- a fresh OSV result without running the scanner again. A failed scanner is a row with its error.
create table scan_scanners (
    scan_id      uuid        not null references scans (id) on delete cascade,
    position     integer     not null,
    name         varchar(32) not null,
    tool_version text,
    db_version   text,
    db_built_at  timestamptz,
    status       varchar(16) not null check (status in ('SUCCEEDED', 'FAILED')),
    error        text,
    findings     integer     not null default 0,
    result       text,
    matched_at   timestamptz not null,
    primary key (scan_id, name)
);

-- Merged findings: one per (vulnerability alias group, package) per scan.
create table findings (
    id                bigserial    primary key,
    scan_id           uuid         not null references scans (id) on delete cascade,
    image_digest      varchar(200) not null,
    vulnerability_id  text         not null,
    aliases           text[]       not null,
    severity          varchar(16)  not null,
    severity_source   varchar(16)  not null,
    cvss_score        double precision,
    cvss_vector       text,
    package_purl      text,
    package_name      text         not null,
    package_version   text         not null,
    package_type      varchar(32),
    package_key       text         not null,
    fixed_versions    text[]       not null,
    fix_state         varchar(16)  not null,
    fix_available     boolean      not null,
    scanners          text[]       not null,
    title             text,
    first_seen        timestamptz  not null
);
create index findings_scan on findings (scan_id, package_key, vulnerability_id);
create index findings_image on findings (image_digest);
create index findings_vulnerability on findings (vulnerability_id);
create index findings_aliases on findings using gin (aliases);

-- When a vulnerability was first seen on a package of an image, kept across rescans and
-- re-matches: one row per id of the finding's alias group, so a finding keeps its date when a
-- scanner joins and the group's preferred id changes.
create table finding_first_seen (
    image_digest     varchar(200) not null,
    package_key      text         not null,
    vulnerability_id text         not null,
    first_seen       timestamptz  not null,
    primary key (image_digest, package_key, vulnerability_id)
);
