-- The licences of each SBOM component as its cataloger, Syft or the uploaded document recorded
-- them (SPDX ids, expressions or the package's own wording such as dpkg's GPL-2+), in order, so
-- that policies can read them without parsing documents. Components stored before this column
-- existed keep an empty list; their licences are still in the stored SBOM documents.
alter table sbom_components add column licenses text[] not null default '{}';
