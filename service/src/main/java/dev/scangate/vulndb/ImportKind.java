package dev.scangate.vulndb;

/** Where an import reads its records from. */
enum ImportKind {
  /** An OSV zip downloaded from an allowed URL. */
  URL,
  /** A zip or JSON document uploaded to the API, kept in the database until it is read. */
  UPLOAD,
  /** A local zip or JSON file (a configured source). */
  ZIP,
  /** A local directory of JSON records (a configured source). */
  DIRECTORY
}
