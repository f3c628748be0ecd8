package dev.scangate.catalog.os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the key/value pairs of a Berkeley DB hash database file, the format of rpm's
 * {@code Packages} database before rpm 4.16 (RHEL/CentOS 7 and 8, Amazon Linux 2). Only what
 * rpm writes is read: no encryption, no duplicates. Layouts are those of Berkeley DB 5.3's
 * {@code dbinc/db_page.h}.
 *
 * <pre>{@code
 * BerkeleyDbHash.read(path, new BerkeleyDbHash.Visitor() {
 *   public void entry(int page, ByteBuffer key, byte[] value) { ... }
 *   public void problem(String description) { ... }
 * });
 * }</pre>
 *
 * <p>Every page is visited once and every hash page's items are taken in pairs (key, value); a
 * value stored off-page ({@code H_OFFPAGE}) is gathered from its chain of overflow pages. The
 * file is read page by page through the file system, never mapped or read whole. A page or item
 * that does not make sense is reported to the visitor and the rest is still read; a file that is
 * not a Berkeley DB hash database at all is rejected.
 */
final class BerkeleyDbHash {

  /** Receives the pairs and the problems of a database, in page order. */
  interface Visitor {

    /** A pair; {@code key} has the database's byte order, for reading numbers from it. */
    void entry(int page, ByteBuffer key, byte[] value);

    void problem(String description);
  }

  private static final int HASH_MAGIC = 0x061561;
  // page types (db_page.h)
  private static final int P_HASH_UNSORTED = 2;
  private static final int P_OVERFLOW = 7;
  private static final int P_HASHMETA = 8;
  private static final int P_HASH = 13;
  // hash item types (db_page.h)
  private static final int H_KEYDATA = 1;
  private static final int H_OFFPAGE = 3;
  /** The header every page starts with (PAGE in db_page.h, unencrypted). */
  private static final int PAGE_HEADER = 26;
  private static final int HOFFPAGE_SIZE = 12;

  private final FileChannel file;
  private final ByteOrder order;
  private final int pageSize;
  private final int lastPage;
  private final Visitor visitor;

  private BerkeleyDbHash(FileChannel file, ByteOrder order, int pageSize, int lastPage,
      Visitor visitor) {
    this.file = file;
    this.order = order;
    this.pageSize = pageSize;
    this.lastPage = lastPage;
    this.visitor = visitor;
  }

  /**
   * Visits every key/value pair of the database at {@code path}.
   *
   * @throws IllegalArgumentException when the file is not an unencrypted Berkeley DB hash
   *     database
   */
  static void read(Path path, Visitor visitor) throws IOException {
    try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer meta = ByteBuffer.allocate(512);
      readFully(file, meta, 0);
      if (meta.position() < 96) {
        throw new IllegalArgumentException("file of " + file.size()
            + " bytes is too short for a Berkeley DB");
      }
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      if (meta.order(order).getInt(12) != HASH_MAGIC) {
        order = ByteOrder.BIG_ENDIAN;
        if (meta.order(order).getInt(12) != HASH_MAGIC) {
          throw new IllegalArgumentException("not a Berkeley DB hash database (magic "
              + String.format("0x%08x", meta.order(ByteOrder.LITTLE_ENDIAN).getInt(12)) + ")");
        }
      }
      meta.order(order);
      int pageSize = meta.getInt(20);
      if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
        throw new IllegalArgumentException("invalid page size " + pageSize);
      }
      if (meta.get(24) != 0) {
        throw new IllegalArgumentException("encrypted Berkeley DB databases are not supported");
      }
      if (meta.get(25) != P_HASHMETA) {
        throw new IllegalArgumentException("first page has type " + meta.get(25)
            + ", not hash metadata");
      }
      long lastPage = Integer.toUnsignedLong(meta.getInt(32));
      long pagesInFile = file.size() / pageSize;
      if (lastPage >= pagesInFile) {
        visitor.problem("database is truncated: its last page is " + lastPage + " but the file"
            + " of " + file.size() + " bytes holds " + pagesInFile + " pages");
        lastPage = pagesInFile - 1;
      }
      new BerkeleyDbHash(file, order, pageSize, (int) lastPage, visitor).readPages();
    }
  }

  private void readPages() throws IOException {
    ByteBuffer page = ByteBuffer.allocate(pageSize).order(order);
    for (int number = 1; number <= lastPage; number++) {
      readPage(page, number);
      int type = page.get(25) & 0xff;
      if (type == P_HASH || type == P_HASH_UNSORTED) {
        readHashPage(page, number);
      }
    }
  }

  private void readHashPage(ByteBuffer page, int number) throws IOException {
    int entries = page.getShort(20) & 0xffff;
    if (entries % 2 != 0 || PAGE_HEADER + 2 * entries > pageSize) {
      visitor.problem("hash page " + number + " has " + entries + " items, not key/value pairs");
      return;
    }
    for (int index = 0; index < entries; index += 2) {
      byte[] key = item(page, number, index);
      byte[] value = key == null ? null : item(page, number, index + 1);
      if (value != null) {
        visitor.entry(number, ByteBuffer.wrap(key).order(order), value);
      }
    }
  }

  /** Item {@code index} of a hash page, following overflow pages; null when reported bad. */
  private byte[] item(ByteBuffer page, int number, int index) throws IOException {
    int offset = page.getShort(PAGE_HEADER + 2 * index) & 0xffff;
    // LEN_HITEM: items are stored from the end of the page backwards, in index order
    int end = index == 0 ? pageSize : page.getShort(PAGE_HEADER + 2 * (index - 1)) & 0xffff;
    if (offset < PAGE_HEADER || offset >= end || end > pageSize) {
      visitor.problem("item " + index + " of hash page " + number + " lies outside the page");
      return null;
    }
    int type = page.get(offset) & 0xff;
    if (type == H_KEYDATA) {
      byte[] data = new byte[end - offset - 1];
      page.get(offset + 1, data);
      return data;
    }
    if (type == H_OFFPAGE && end - offset >= HOFFPAGE_SIZE) {
      return overflow(number, index, page.getInt(offset + 4), page.getInt(offset + 8));
    }
    visitor.problem("item " + index + " of hash page " + number + " has type " + type
        + ", not stored as rpm stores it");
    return null;
  }

  private byte[] overflow(int number, int index, int first, int length) throws IOException {
    String item = "item " + index + " of hash page " + number;
    if (length < 0 || length > (long) (lastPage + 1) * pageSize) {
      visitor.problem(item + " claims " + Integer.toUnsignedString(length) + " bytes");
      return null;
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream(length);
    ByteBuffer page = ByteBuffer.allocate(pageSize).order(order);
    int next = first;
    for (int visited = 0; data.size() < length; visited++) {
      if (next < 1 || next > lastPage || visited > lastPage) {
        visitor.problem(item + ": its overflow chain breaks at page "
            + Integer.toUnsignedString(next) + " after " + data.size() + " of " + length
            + " bytes");
        return null;
      }
      readPage(page, next);
      int onPage = page.getShort(22) & 0xffff;
      if ((page.get(25) & 0xff) != P_OVERFLOW || PAGE_HEADER + onPage > pageSize) {
        visitor.problem(item + ": page " + next + " is not an overflow page");
        return null;
      }
      data.write(page.array(), PAGE_HEADER, Math.min(onPage, length - data.size()));
      next = page.getInt(16);
    }
    return data.toByteArray();
  }

  private void readPage(ByteBuffer page, int number) throws IOException {
    page.clear();
    readFully(file, page, (long) number * pageSize);
    if (page.hasRemaining()) {
      throw new IOException("page " + number + " ends early");
    }
  }

  private static void readFully(FileChannel file, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int read = file.read(buffer, position + buffer.position());
      if (read < 0) {
        return;
      }
    }
  }
}
