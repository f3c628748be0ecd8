package dev.scangate.osv;

/**
 * A version parsed once by its {@link VersionScheme}, so that a range check compares without
 * parsing the installed version again. Only versions of the same scheme are comparable.
 */
interface ParsedVersion extends Comparable<ParsedVersion> {

  /** The text it was parsed from. */
  String text();
}
