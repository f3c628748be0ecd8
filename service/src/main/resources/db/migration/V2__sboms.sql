-- SBOMs: made by a scan's catalog stage, or uploaded (made elsewhere, e.g. by Syft in CI).
-- The CycloneDX 1.6 JSON document is the canonical form; the XML and SPDX renditions are made
-- from the same catalog when the SBOM is created, so every download is byte-stable.
create table sboms (
    id               uuid primary key,
    scan_id          uuid         not null references scans (id) on delete cascade,
    image_digest     varchar(200) not null,
    source           varchar(16)  not null check (source in ('CATALOG', 'UPLOAD', 'SYFT')),
    uploaded_format  varchar(64),
    cyclonedx_json   bytea        not null,
    cyclonedx_xml    bytea        not null,
    spdx_json        bytea        not null,
    component_count  integer      not null,
    distro           varchar(128),
    catalogers       text,
    created_at       timestamptz  not null
);
create unique index sboms_scan on sboms (scan_id);
create index sboms_image on sboms (image_digest, created_at desc);

-- The components of each SBOM, for matching and search without parsing documents.
create table sbom_components (
    sbom_id        uuid         not null references sboms (id) on delete cascade,
    position       integer      not null,
    type           varchar(16)  not null,
    name           text         not null,
    version        text,
    purl           text         not null,
    source_name    text,
    source_version text,
    layer_digest   varchar(200),
    path           text,
    found_by       varchar(64),
    primary key (sbom_id, position)
);
create index sbom_components_purl on sbom_components (purl);
create index sbom_components_name on sbom_components (type, name);

-- Files a cataloger did not parse, and why (too large, malformed): partial failure is data.
create table sbom_skipped_files (
    sbom_id   uuid not null references sboms (id) on delete cascade,
    path      text not null,
    cataloger varchar(64),
    reason    text not null
);
create index sbom_skipped_files_sbom on sbom_skipped_files (sbom_id);

-- A scan made from an uploaded SBOM does not pull the image.
alter table scans add column sbom_source varchar(16) not null default 'CATALOG'
    check (sbom_source in ('CATALOG', 'UPLOAD', 'SYFT'));
