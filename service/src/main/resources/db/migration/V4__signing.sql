-- Signing keys in cosign's encrypted private key format. The private key is stored as the
-- encrypted PEM (scrypt + nacl/secretbox) exactly as cosign writes it; the password that opens it
-- is never stored here (it comes from scangate.signing.key-password(-file) or the generated
-- password file). Exactly one key is active: new signatures use it; every key verifies.
create table signing_keys (
    id                    varchar(64)  primary key,  -- hex SHA-256 of the DER public key
    algorithm             varchar(32)  not null,
    public_key_pem        text         not null,
    encrypted_private_key text         not null,
    source                varchar(16)  not null check (source in ('IMPORTED', 'GENERATED')),
    active                boolean      not null default false,
    created_at            timestamptz  not null,
    activated_at          timestamptz
);
create unique index signing_keys_one_active on signing_keys (active) where active;

-- Every attestation (DSSE envelope of an in-toto statement) and image signature (cosign simple
-- signing) scangate makes. The row is written before the registry push, so a registry that is
-- down or refuses the push never loses one; the push is retried by an attestation-push job.
--   kind ATTESTATION: envelope = the DSSE envelope JSON (the .att layer), signature null
--   kind SIGNATURE:   envelope = the simple signing payload (the .sig layer), signature = DER
create table attestations (
    id                     uuid         primary key,
    scan_id                uuid         references scans (id) on delete set null,
    kind                   varchar(16)  not null check (kind in ('ATTESTATION', 'SIGNATURE')),
    image_digest           varchar(200) not null,
    repository             varchar(512) not null,
    predicate_type         text,
    key_id                 varchar(64)  not null references signing_keys (id),
    envelope               bytea        not null,
    signature              bytea,
    created_at             timestamptz  not null,
    push_status            varchar(16)  not null
        check (push_status in ('PENDING', 'PUSHED', 'FAILED', 'SKIPPED')),
    push_attempts          integer      not null default 0,
    push_error             text,
    pushed_at              timestamptz,
    pushed_manifest_digest varchar(200),
    check ((kind = 'ATTESTATION') = (predicate_type is not null)),
    check ((kind = 'SIGNATURE') = (signature is not null))
);
create index attestations_image on attestations (image_digest, created_at);
create index attestations_scan on attestations (scan_id);
