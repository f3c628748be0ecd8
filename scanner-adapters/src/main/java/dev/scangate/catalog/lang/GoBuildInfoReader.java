package dev.scangate.catalog.lang;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads the build information the Go linker embeds in an ELF executable, the way Go's own
 * {@code debug/buildinfo} does (https://go.dev/src/debug/buildinfo/buildinfo.go), touching only
 * the ELF header, the section (or program) headers and the build info blob: never the whole
 * binary.
 *
 * <p>The blob starts with the 14-byte magic {@code "\xff Go buildinf:"} at a 16-byte aligned
 * address, in the {@code .go.buildinfo} section or, when a binary has no section headers, near
 * the start of its first writable, non-executable {@code PT_LOAD} segment. Byte 14 is the pointer
 * size, byte 15 the flags: bit 1 means Go 1.18+ inline strings (each a uvarint length and the
 * bytes, right after the 32-byte header); otherwise (Go 1.13 to 1.17) bit 0 says big-endian and
 * two pointers at offset 16 address Go string headers (pointer, length) for the Go version and
 * the module info.
 */
final class GoBuildInfoReader {

  static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  private static final int HEADER_SIZE = 32;
  private static final int ALIGN = 16;
  /** Go's reader searches the first 64 KiB of the data start for the magic. */
  private static final int SEARCH_SIZE = 64 * 1024;
  /** Module info of the largest real binaries is a few hundred KiB; more is not build info. */
  private static final int MAX_STRING = 16 << 20;
  private static final int FLAG_INLINE_STRINGS = 2;
  private static final int FLAG_BIG_ENDIAN = 1;
  private static final int PT_LOAD = 1;
  private static final int PF_X = 1;
  private static final int PF_W = 2;
  private static final int SHN_XINDEX = 0xffff;

  private GoBuildInfoReader() {
  }

  /** The Go version and raw module info of a Go binary. */
  record RawBuildInfo(String goVersion, String modInfo) {
  }

  /**
   * Whether the file starts with the ELF magic; anything else (a script, a Mach-O or PE file) is
   * not for this reader.
   */
  static boolean isElf(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer magic = ByteBuffer.allocate(4);
      while (magic.hasRemaining() && channel.read(magic, magic.position()) > 0) {
        // fill
      }
      return !magic.hasRemaining() && magic.get(0) == 0x7f && magic.get(1) == 'E'
          && magic.get(2) == 'L' && magic.get(3) == 'F';
    }
  }

  /**
   * The build info of an ELF file, empty when it is an ELF file without Go build info.
   *
   * @throws IOException when the file is not ELF or is truncated or malformed; the message says
   *     what did not fit
   */
  static Optional<RawBuildInfo> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Elf(channel).buildInfo();
    }
  }

  /** One open ELF file. */
  private static final class Elf {

    private final FileChannel channel;
    private final long size;
    private boolean is64;
    private ByteOrder order;
    private long[][] loads = new long[0][];

    Elf(FileChannel channel) throws IOException {
      this.channel = channel;
      this.size = channel.size();
    }

    Optional<RawBuildInfo> buildInfo() throws IOException {
      ByteBuffer ident = bytes(0, 16, "ELF identification");
      if (ident.get(0) != 0x7f || ident.get(1) != 'E' || ident.get(2) != 'L'
          || ident.get(3) != 'F') {
        throw new IOException("not an ELF file");
      }
      int elfClass = ident.get(4);
      int data = ident.get(5);
      if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2)) {
        throw new IOException("unknown ELF class " + elfClass + " or data encoding " + data);
      }
      is64 = elfClass == 2;
      order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      ByteBuffer header = bytes(0, is64 ? 64 : 52, "ELF header");
      long phoff = is64 ? header.getLong(32) : uint(header.getInt(28));
      long shoff = is64 ? header.getLong(40) : uint(header.getInt(32));
      int phentsize = ushort(header.getShort(is64 ? 54 : 42));
      int phnum = ushort(header.getShort(is64 ? 56 : 44));
      int shentsize = ushort(header.getShort(is64 ? 58 : 46));
      int shnum = ushort(header.getShort(is64 ? 60 : 48));
      int shstrndx = ushort(header.getShort(is64 ? 62 : 50));

      readProgramHeaders(phoff, phentsize, phnum);
      long start = -1;
      long length = 0;
      if (shoff != 0) {
        long[] section = buildInfoSection(shoff, shentsize, shnum, shstrndx);
        if (section != null) {
          start = section[0];
          length = section[1];
        }
      }
      if (start < 0) {
        long[] segment = firstWritableSegment();
        if (segment == null) {
          return Optional.empty();
        }
        start = segment[0];
        length = segment[1];
      }
      return decode(start, Math.min(length, SEARCH_SIZE));
    }

    /** {file offset, vaddr, filesz, flags} of each PT_LOAD segment. */
    private void readProgramHeaders(long phoff, int phentsize, int phnum) throws IOException {
      if (phoff == 0 || phnum == 0) {
        return;
      }
      int entrySize = is64 ? 56 : 32;
      if (phentsize < entrySize) {
        throw new IOException("program header entries of " + phentsize + " bytes");
      }
      ByteBuffer table = bytes(phoff, (long) phentsize * phnum, "program header table");
      java.util.List<long[]> segments = new java.util.ArrayList<>();
      for (int i = 0; i < phnum; i++) {
        int at = i * phentsize;
        int type = table.getInt(at);
        if (type != PT_LOAD) {
          continue;
        }
        long flags = uint(table.getInt(is64 ? at + 4 : at + 24));
        long offset = is64 ? table.getLong(at + 8) : uint(table.getInt(at + 4));
        long vaddr = is64 ? table.getLong(at + 16) : uint(table.getInt(at + 8));
        long filesz = is64 ? table.getLong(at + 32) : uint(table.getInt(at + 16));
        segments.add(new long[] {offset, vaddr, filesz, flags});
      }
      loads = segments.toArray(long[][]::new);
    }

    /** {file offset, size} of the writable, non-executable data segment Go's reader uses. */
    private long[] firstWritableSegment() {
      for (long[] load : loads) {
        if ((load[3] & (PF_X | PF_W)) == PF_W) {
          return new long[] {load[0], load[2]};
        }
      }
      return null;
    }

    /** {file offset, size} of {@code .go.buildinfo}, null when there is none. */
    private long[] buildInfoSection(long shoff, int shentsize, int shnum, int shstrndx)
        throws IOException {
      int entrySize = is64 ? 64 : 40;
      if (shentsize < entrySize) {
        throw new IOException("section header entries of " + shentsize + " bytes");
      }
      if (shnum == 0 || shstrndx == SHN_XINDEX) {
        // extended numbering: section 0 holds the real count and string table index
        ByteBuffer first = bytes(shoff, entrySize, "section header 0");
        if (shnum == 0) {
          long count = is64 ? first.getLong(32) : uint(first.getInt(20));
          if (count > 1 << 20) {
            throw new IOException(count + " sections");
          }
          shnum = (int) count;
        }
        if (shstrndx == SHN_XINDEX) {
          shstrndx = (int) uint(first.getInt(is64 ? 40 : 24));
        }
      }
      if (shnum == 0) {
        return null;
      }
      ByteBuffer table = bytes(shoff, (long) shentsize * shnum, "section header table");
      if (shstrndx >= shnum) {
        throw new IOException("section name table index " + shstrndx + " of " + shnum);
      }
      int strAt = shstrndx * shentsize;
      long strOffset = is64 ? table.getLong(strAt + 24) : uint(table.getInt(strAt + 16));
      long strSize = is64 ? table.getLong(strAt + 32) : uint(table.getInt(strAt + 20));
      ByteBuffer names = bytes(strOffset, Math.min(strSize, 1 << 20), "section name table");
      byte[] wanted = ".go.buildinfo\0".getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < shnum; i++) {
        int at = i * shentsize;
        long name = uint(table.getInt(at));
        if (matches(names, name, wanted)) {
          long offset = is64 ? table.getLong(at + 24) : uint(table.getInt(at + 16));
          long sectionSize = is64 ? table.getLong(at + 32) : uint(table.getInt(at + 20));
          return new long[] {offset, sectionSize};
        }
      }
      return null;
    }

    private static boolean matches(ByteBuffer names, long at, byte[] wanted) {
      if (at < 0 || at + wanted.length > names.limit()) {
        return false;
      }
      for (int i = 0; i < wanted.length; i++) {
        if (names.get((int) at + i) != wanted[i]) {
          return false;
        }
      }
      return true;
    }

    private Optional<RawBuildInfo> decode(long start, long length) throws IOException {
      ByteBuffer data = bytes(start, Math.min(length, size - start), "Go build info search");
      int at = findMagic(data);
      if (at < 0) {
        return Optional.empty();
      }
      long blob = start + at;
      ByteBuffer header = bytes(blob, HEADER_SIZE, "Go build info header");
      int pointerSize = header.get(14);
      int flags = header.get(15);
      String version;
      String modInfo;
      if ((flags & FLAG_INLINE_STRINGS) != 0) {
        long[] next = {blob + HEADER_SIZE};
        version = inlineString(next);
        modInfo = inlineString(next);
      } else {
        if (pointerSize != 4 && pointerSize != 8) {
          throw new IOException("Go build info with " + pointerSize + "-byte pointers");
        }
        ByteOrder pointerOrder = (flags & FLAG_BIG_ENDIAN) != 0
            ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        header.order(pointerOrder);
        long versionAddress = pointer(header, 16, pointerSize);
        long modAddress = pointer(header, 16 + pointerSize, pointerSize);
        version = pointedString(versionAddress, pointerSize, pointerOrder);
        modInfo = pointedString(modAddress, pointerSize, pointerOrder);
      }
      if (version.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new RawBuildInfo(version, unframed(modInfo)));
    }

    /** The first 16-byte aligned magic with a whole header after it, like Go's search. */
    private static int findMagic(ByteBuffer data) {
      int limit = data.limit() - HEADER_SIZE;
      outer:
      for (int i = 0; i <= limit; i += ALIGN) {
        for (int j = 0; j < MAGIC.length; j++) {
          if (data.get(i + j) != MAGIC[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    /**
     * cmd/go frames the module info with 16-byte sentinels (modload's infoStart and infoEnd);
     * text without them is not module info.
     */
    private static String unframed(String modInfo) {
      if (modInfo.length() >= 33 && modInfo.charAt(modInfo.length() - 17) == '\n') {
        return modInfo.substring(16, modInfo.length() - 16);
      }
      return "";
    }

    private String inlineString(long[] position) throws IOException {
      long length = 0;
      int shift = 0;
      while (true) {
        ByteBuffer b = bytes(position[0]++, 1, "Go build info string length");
        int value = b.get(0) & 0xff;
        length |= (long) (value & 0x7f) << shift;
        if ((value & 0x80) == 0) {
          break;
        }
        shift += 7;
        if (shift > 63) {
          throw new IOException("Go build info string length is not a varint");
        }
      }
      String text = string(position[0], length);
      position[0] += length;
      return text;
    }

    private String pointedString(long address, int pointerSize, ByteOrder pointerOrder)
        throws IOException {
      ByteBuffer header = bytes(fileOffset(address, 2L * pointerSize), 2L * pointerSize,
          "Go string header").order(pointerOrder);
      long data = pointer(header, 0, pointerSize);
      long length = pointer(header, pointerSize, pointerSize);
      if (length == 0) {
        return "";
      }
      return string(fileOffset(data, length), length);
    }

    private String string(long offset, long length) throws IOException {
      if (length > MAX_STRING) {
        throw new IOException("Go build info string of " + length + " bytes");
      }
      ByteBuffer bytes = bytes(offset, length, "Go build info string");
      byte[] array = new byte[(int) length];
      bytes.get(0, array);
      return new String(array, StandardCharsets.UTF_8);
    }

    /** Maps a virtual address to a file offset through the PT_LOAD segments. */
    private long fileOffset(long address, long length) throws IOException {
      for (long[] load : loads) {
        long vaddr = load[1];
        long filesz = load[2];
        if (Long.compareUnsigned(address, vaddr) >= 0
            && Long.compareUnsigned(address - vaddr, filesz) < 0) {
          if (address - vaddr + length > filesz) {
            throw new IOException("Go build info string at 0x" + Long.toHexString(address)
                + " runs past its segment");
          }
          return load[0] + (address - vaddr);
        }
      }
      throw new IOException("Go build info points to 0x" + Long.toHexString(address)
          + ", outside every loaded segment");
    }

    private static long pointer(ByteBuffer buffer, int at, int pointerSize) {
      return pointerSize == 8 ? buffer.getLong(at) : uint(buffer.getInt(at));
    }

    /** {@code length} bytes at {@code offset}, in the file's byte order. */
    private ByteBuffer bytes(long offset, long length, String what) throws IOException {
      if (offset < 0 || length < 0 || length > Integer.MAX_VALUE || offset > size - length) {
        throw new IOException("truncated or malformed ELF: " + what + " at offset " + offset
            + " (" + length + " bytes) is beyond the end of the file (" + size + " bytes)");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) length);
      long position = offset;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException("file ended while reading " + what);
        }
        position += n;
      }
      buffer.flip();
      return buffer.order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
    }

    private static long uint(int value) {
      return Integer.toUnsignedLong(value);
    }

    private static int ushort(short value) {
      return Short.toUnsignedInt(value);
    }
  }
}
