package dev.scangate.vex;

/**
 * One {@code not_affected} statement of an imported VEX document, for one package (or, with a
 * null {@code purl}, for the product as a whole).
 *
 * @param purl the package URL without version qualifiers, or null
 * @param justification the document's justification value as written, or null
 * @param detail the impact statement or analysis detail, or null
 */
record VexStatement(String vulnerability, String purl, String justification, String detail) {
}
