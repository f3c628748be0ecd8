package dev.scangate.catalog.os;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An rpm package header as the rpm database stores it: the header structure of an rpm file
 * without its 8-byte magic (rpm's lib/header.c {@code headerImport}, the "header blob").
 *
 * <pre>
 * int32 il            number of index entries          (big-endian, like every number here)
 * int32 dl            bytes of the data store
 * il x { int32 tag, uint32 type, int32 offset, uint32 count }
 * dl bytes of data    strings NUL-terminated, INT32 values at their offset
 * </pre>
 *
 * <pre>{@code
 * RpmHeader header = RpmHeader.parse(blob);
 * header.string(RpmHeader.NAME);  // Optional[openssl-libs]
 * header.int32(RpmHeader.EPOCH);  // Optional[1]
 * }</pre>
 *
 * <p>Everything is bounds-checked: a header that points outside itself is rejected with
 * {@link IllegalArgumentException} naming the problem, never read past. Tag numbers are rpm's
 * (include/rpm/rpmtag.h).
 */
final class RpmHeader {

  static final int NAME = 1000;
  static final int VERSION = 1001;
  static final int RELEASE = 1002;
  static final int EPOCH = 1003;
  static final int VENDOR = 1011;
  static final int LICENSE = 1014;
  static final int ARCH = 1022;
  static final int SOURCERPM = 1044;
  static final int MODULARITYLABEL = 5096;

  // rpmTagType (rpmtag.h)
  private static final int INT32_TYPE = 4;
  private static final int STRING_TYPE = 6;
  private static final int STRING_ARRAY_TYPE = 8;
  private static final int I18NSTRING_TYPE = 9;
  private static final int MAX_TYPE = 9;

  // header.c: hdrchkTags / hdrchkData
  private static final int MAX_TAGS = 0xffff;
  private static final int MAX_DATA = 0x0fffffff;
  private static final int ENTRY_BYTES = 16;

  private record Entry(int type, int offset, int count) {
  }

  private final ByteBuffer data;
  private final Map<Integer, Entry> entries;

  private RpmHeader(ByteBuffer data, Map<Integer, Entry> entries) {
    this.data = data;
    this.entries = entries;
  }

  /**
   * Reads a header blob.
   *
   * @throws IllegalArgumentException when the blob is not a well-formed header
   */
  static RpmHeader parse(byte[] blob) {
    if (blob.length < 8) {
      throw new IllegalArgumentException("header of " + blob.length + " bytes is too short");
    }
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    int il = buffer.getInt(0);
    int dl = buffer.getInt(4);
    if (il < 1 || il > MAX_TAGS || dl < 0 || dl > MAX_DATA) {
      throw new IllegalArgumentException("header claims " + il + " entries and " + dl
          + " data bytes");
    }
    long size = 8L + (long) il * ENTRY_BYTES + dl;
    if (size > blob.length) {
      throw new IllegalArgumentException("header needs " + size + " bytes but has "
          + blob.length);
    }
    int dataStart = 8 + il * ENTRY_BYTES;
    ByteBuffer data = ByteBuffer.wrap(blob, dataStart, dl).slice();
    Map<Integer, Entry> entries = new HashMap<>();
    for (int i = 0; i < il; i++) {
      int at = 8 + i * ENTRY_BYTES;
      int tag = buffer.getInt(at);
      int type = buffer.getInt(at + 4);
      int offset = buffer.getInt(at + 8);
      int count = buffer.getInt(at + 12);
      if (type < 0 || type > MAX_TYPE || offset < 0 || offset > dl || count < 0) {
        throw new IllegalArgumentException("header entry " + i + " (tag " + tag + ") has type "
            + type + ", offset " + offset + ", count " + count + " outside the header");
      }
      entries.putIfAbsent(tag, new Entry(type, offset, count));
    }
    return new RpmHeader(data, entries);
  }

  /** The first string of a STRING, STRING_ARRAY or I18NSTRING tag; empty when absent. */
  Optional<String> string(int tag) {
    Entry entry = entries.get(tag);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.type() != STRING_TYPE && entry.type() != STRING_ARRAY_TYPE
        && entry.type() != I18NSTRING_TYPE) {
      throw new IllegalArgumentException("tag " + tag + " has type " + entry.type()
          + ", not a string");
    }
    int end = entry.offset();
    while (end < data.limit() && data.get(end) != 0) {
      end++;
    }
    if (end == data.limit()) {
      throw new IllegalArgumentException("string of tag " + tag + " runs past the header");
    }
    byte[] bytes = new byte[end - entry.offset()];
    data.get(entry.offset(), bytes);
    return Optional.of(new String(bytes, StandardCharsets.UTF_8));
  }

  /** The first value of an INT32 tag; empty when absent. */
  Optional<Integer> int32(int tag) {
    Entry entry = entries.get(tag);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.type() != INT32_TYPE || entry.count() < 1) {
      throw new IllegalArgumentException("tag " + tag + " has type " + entry.type()
          + " and count " + entry.count() + ", not an INT32");
    }
    if (entry.offset() > data.limit() - 4) {
      throw new IllegalArgumentException("INT32 of tag " + tag + " runs past the header");
    }
    return Optional.of(data.getInt(entry.offset()));
  }
}
