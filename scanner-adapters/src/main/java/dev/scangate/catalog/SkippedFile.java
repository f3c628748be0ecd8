package dev.scangate.catalog;

/** A file a cataloger did not parse, and why (too large, malformed, unreadable). */
public record SkippedFile(String path, String cataloger, String reason) {
}
