package dev.scangate.osv;

/**
 * What the index is keyed by: an ecosystem family, the release a distribution record is scoped
 * to ({@link OsvEcosystem#indexRelease()}; null for language ecosystems and records for every
 * release) and the normalized package name ({@link EcosystemFamily#normalize}).
 */
record PackageKey(EcosystemFamily family, String release, String name) {
}
