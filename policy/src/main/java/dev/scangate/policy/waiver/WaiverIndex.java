package dev.scangate.policy.waiver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Waivers by vulnerability id, ids compared as {@link String#CASE_INSENSITIVE_ORDER} compares
 * them ({@code cve-2021-44228} finds the waivers of {@code CVE-2021-44228}), each id's waivers
 * in id order.
 *
 * <p>A hash table rather than a {@code TreeMap} with that comparator: every finding looks up its
 * id and each alias, and nearly all of them miss. A miss here costs one pass over the id's
 * characters and, almost always, no comparison at all; in the tree it cost a case-insensitive
 * comparison per level.
 */
final class WaiverIndex {

  private final String[] keys;
  private final int[] hashes;
  private final List<List<Waiver>> waivers = new ArrayList<>();
  private final int[] positions;

  WaiverIndex(List<Waiver> all) {
    int capacity = Integer.highestOneBit(Math.max(4, all.size() * 4 - 1)) << 1;
    keys = new String[capacity];
    hashes = new int[capacity];
    positions = new int[capacity];
    all.stream().sorted(Comparator.comparing(Waiver::id)).forEach(this::add);
  }

  boolean isEmpty() {
    return waivers.isEmpty();
  }

  /** The waivers for this vulnerability id, in id order, or null. */
  List<Waiver> get(String vulnerabilityId) {
    int slot = slot(vulnerabilityId, hash(vulnerabilityId));
    return keys[slot] == null ? null : waivers.get(positions[slot]);
  }

  private void add(Waiver waiver) {
    String id = waiver.vulnerabilityId();
    int h = hash(id);
    int slot = slot(id, h);
    if (keys[slot] == null) {
      keys[slot] = id;
      hashes[slot] = h;
      positions[slot] = waivers.size();
      waivers.add(new ArrayList<>());
    }
    waivers.get(positions[slot]).add(waiver);
  }

  /** The slot holding an id equal to this one, or the empty slot where it would go. */
  private int slot(String id, int h) {
    int mask = keys.length - 1;
    int slot = (h ^ (h >>> 16)) & mask;
    while (keys[slot] != null
        && (hashes[slot] != h || String.CASE_INSENSITIVE_ORDER.compare(keys[slot], id) != 0)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /**
   * A hash equal for ids the case-insensitive order finds equal. That order takes two
   * characters as equal when they are, or their upper cases are, or the lower cases of their
   * upper cases are; all three give the same lower case of the upper case, which is what is
   * hashed (ASCII letters directly, others through {@link Character}, by code point).
   */
  static int hash(String id) {
    int h = 0;
    for (int k = 0; k < id.length(); ) {
      int c = id.charAt(k);
      if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') {
          c += 'a' - 'A';
        }
        k++;
      } else {
        c = id.codePointAt(k);
        k += Character.charCount(c);
        c = Character.toLowerCase(Character.toUpperCase(c));
      }
      h = 31 * h + c;
    }
    return h;
  }
}
