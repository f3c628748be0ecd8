-- The scans an evaluation's findings came from: one for an image, one per platform for an image
-- index (evaluated as the union of its platforms; evaluations.scan_id is null for an index).
create table evaluation_scans (
    evaluation_id uuid         not null references evaluations (id) on delete cascade,
    scan_id       uuid         not null,
    image_digest  varchar(200) not null,  -- the scanned manifest (a platform's, for an index)
    platform      varchar(64),            -- for an index: the platform the scan is of
    primary key (evaluation_id, scan_id)
);
create index evaluation_scans_scan on evaluation_scans (scan_id);

insert into evaluation_scans (evaluation_id, scan_id, image_digest)
select id, scan_id, image_digest from evaluations where scan_id is not null;
