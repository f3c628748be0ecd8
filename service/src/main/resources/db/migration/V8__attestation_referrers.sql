-- Attestations and signatures are pushed to two destinations: cosign's sha256-<hex>.att/.sig tag
-- and the OCI 1.1 referrers of the image (the registry's referrers API, or the referrers tag
-- schema's index). Each destination's outcome is recorded; push_status is PUSHED when both are.
alter table attestations
    add column tag_pushed_at            timestamptz,
    add column referrer_manifest_digest varchar(200),
    add column referrers_via            varchar(16)
        check (referrers_via in ('REFERRERS_API', 'TAG_SCHEMA')),
    add column referrers_pushed_at      timestamptz;

-- Rows pushed before referrers existed reached their tag only.
update attestations set tag_pushed_at = pushed_at where push_status = 'PUSHED';
