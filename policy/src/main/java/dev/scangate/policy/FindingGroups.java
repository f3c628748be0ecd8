package dev.scangate.policy;

import dev.scangate.policy.input.FindingFacts;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Numbers the findings of one evaluation by their values at a set of paths of {@code f}:
 * findings equal on every path get the same group, others different groups. A selector
 * conjunct's result is shared within a group, so it runs once per group.
 *
 * <p>A finding's group is worked out the first time it is asked for, so findings that an
 * earlier conjunct already turned away are never looked at. Groups are numbered from 0 in the
 * order they are first seen.
 */
final class FindingGroups {

  /** The key of a finding that lacks the one path read. */
  private static final Object ABSENT = new Object();

  /**
   * The fields of {@code f} read from the record instead of the map: the same values as
   * {@link InputValues#finding} puts there, or values equal exactly when those are (the
   * severity's constant for its name), with null for an absent {@code cvss}.
   */
  private static final Map<List<String>, Function<FindingFacts, Object>> FIELDS = Map.ofEntries(
      Map.entry(List.of("id"), FindingFacts::id),
      Map.entry(List.of("aliases"), FindingFacts::aliases),
      Map.entry(List.of("severity"), FindingFacts::severity),
      Map.entry(List.of("cvss"), FindingFacts::cvss),
      Map.entry(List.of("fixAvailable"), FindingFacts::fixAvailable),
      Map.entry(List.of("fixedVersions"), FindingFacts::fixedVersions),
      Map.entry(List.of("scanners"), FindingFacts::scanners),
      Map.entry(List.of("waived"), FindingFacts::waived),
      Map.entry(List.of("waiverId"), f -> f.waiverId() == null ? "" : f.waiverId()),
      Map.entry(List.of("pkg", "name"), f -> f.pkg().name()),
      Map.entry(List.of("pkg", "version"), f -> f.pkg().version()),
      Map.entry(List.of("pkg", "type"), f -> f.pkg().type()),
      Map.entry(List.of("pkg", "purl"), f -> f.pkg().purl()));

  private final List<FindingFacts> findings;
  private final List<Map<String, Object>> findingValues;
  /** Null when every finding is its own group. */
  private final List<List<String>> paths;
  /** Per path, the record accessor, or null to read the map. */
  private final Function<FindingFacts, Object>[] fields;
  /** Per finding, its group, or -1 until asked for. */
  private final int[] groups;
  private Object[] keys;
  /** The hash of each key, compared before the key: most probes then read no key at all. */
  private int[] hashes;
  private int[] ids;
  private int count;

  /**
   * @param paths the paths read, or null when the expression uses {@code f} as a whole
   */
  FindingGroups(List<FindingFacts> findings, List<Map<String, Object>> findingValues,
      List<List<String>> paths) {
    this(findings, findingValues, paths, 32);
  }

  /**
   * @param paths the paths read, or null when the expression uses {@code f} as a whole
   * @param expectedGroups how many groups to make room for before growing
   */
  @SuppressWarnings("unchecked")
  FindingGroups(List<FindingFacts> findings, List<Map<String, Object>> findingValues,
      List<List<String>> paths, int expectedGroups) {
    int capacity = Integer.highestOneBit(Math.max(16, expectedGroups * 2 - 1)) << 1;
    this.keys = new Object[capacity];
    this.hashes = new int[capacity];
    this.ids = new int[capacity];
    this.findings = findings;
    this.findingValues = findingValues;
    this.paths = paths;
    this.fields = paths == null ? null : new Function[paths.size()];
    for (int k = 0; paths != null && k < paths.size(); k++) {
      fields[k] = FIELDS.get(paths.get(k));
    }
    this.groups = new int[findings.size()];
    Arrays.fill(groups, -1);
  }

  /** The group of finding i. */
  int group(int i) {
    if (paths == null) {
      return i;
    }
    int group = groups[i];
    if (group < 0) {
      group = idOf(key(i));
      groups[i] = group;
    }
    return group;
  }

  private Object key(int i) {
    if (paths.size() == 1) {
      Object v = value(i, 0);
      return v == null ? ABSENT : v;
    }
    Object[] parts = new Object[paths.size()];
    for (int k = 0; k < parts.length; k++) {
      parts[k] = value(i, k);
    }
    return Arrays.asList(parts);
  }

  private Object value(int i, int k) {
    if (fields[k] != null) {
      return fields[k].apply(findings.get(i));
    }
    Object current = findingValues.get(i);
    for (String key : paths.get(k)) {
      if (!(current instanceof Map)) {
        return null;
      }
      current = ((Map<?, ?>) current).get(key);
    }
    return current;
  }

  /** The group of a key, a new one when unseen: open addressing, linear probing. */
  private int idOf(Object key) {
    int mask = keys.length - 1;
    int h = key.hashCode();
    for (int slot = (h ^ (h >>> 16)) & mask; ; slot = (slot + 1) & mask) {
      Object k = keys[slot];
      if (k == null) {
        int id = count++;
        keys[slot] = key;
        hashes[slot] = h;
        ids[slot] = id;
        if (count * 2 > keys.length) {
          grow();
        }
        return id;
      }
      if (hashes[slot] == h && k.equals(key)) {
        return ids[slot];
      }
    }
  }

  private void grow() {
    Object[] oldKeys = keys;
    int[] oldHashes = hashes;
    int[] oldIds = ids;
    keys = new Object[oldKeys.length * 2];
    hashes = new int[oldKeys.length * 2];
    ids = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int s = 0; s < oldKeys.length; s++) {
      if (oldKeys[s] == null) {
        continue;
      }
      int h = oldHashes[s];
      int slot = (h ^ (h >>> 16)) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = oldKeys[s];
      hashes[slot] = h;
      ids[slot] = oldIds[s];
    }
  }
}
