-- Webhook deliveries, one row per (source, delivery id), written in the same transaction as the
-- scans the delivery submitted: a repeated delivery answers with the recorded scans and enqueues
-- nothing, and a crash loses neither the record nor the scans, nor leaves one without the other.
-- delivery_id is the sender's id (X-GitHub-Delivery, Idempotency-Key, webhook-id, a registry
-- event id) or sha256:<hex> of the body for senders that give none.
create table webhook_deliveries (
    id          bigserial    primary key,
    source      varchar(64)  not null,
    delivery_id varchar(256) not null,
    received_at timestamptz  not null,
    scan_ids    uuid[]       not null,
    constraint webhook_deliveries_source_delivery unique (source, delivery_id)
);
