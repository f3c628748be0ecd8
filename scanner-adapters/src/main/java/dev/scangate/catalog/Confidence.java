package dev.scangate.catalog;

/**
 * How sure a cataloger is of a package's identity: {@code HIGH} from a package database or build
 * metadata (dpkg status, pom.properties, Go build info), {@code MEDIUM} from a manifest
 * (MANIFEST.MF), {@code LOW} from a file name alone.
 */
public enum Confidence { HIGH, MEDIUM, LOW }
