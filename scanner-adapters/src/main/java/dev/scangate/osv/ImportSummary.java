package dev.scangate.osv;

/**
 * The counts of one import.
 *
 * <pre>{@code
 * ImportSummary s = reader.readZip(zip, sink);
 * if (!s.complete()) { ... the source was truncated or unreadable: the caller decides ... }
 * }</pre>
 *
 * @param entries zip entries, files or array elements looked at
 * @param records records handed to the sink
 * @param withdrawn of those, how many are withdrawn
 * @param skipped entries that yielded no record
 * @param issues issues reported (skipped entries, ignored ecosystems, the source error)
 * @param complete whether the whole source was read: false after a
 *     {@link ImportIssue.Kind#SOURCE_ERROR}
 */
public record ImportSummary(int entries, int records, int withdrawn, int skipped, int issues,
    boolean complete) {
}
