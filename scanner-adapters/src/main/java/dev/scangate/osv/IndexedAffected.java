package dev.scangate.osv;

/** One {@code affected[]} entry of a record, with its parsed ecosystem, as the index holds it. */
record IndexedAffected(OsvRecord record, OsvAffected affected, OsvEcosystem ecosystem) {
}
