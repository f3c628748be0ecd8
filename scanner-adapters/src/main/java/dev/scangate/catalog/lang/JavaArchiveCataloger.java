package dev.scangate.catalog.lang;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.PackageCataloger;
import dev.scangate.catalog.PackageType;
import dev.scangate.catalog.lang.JavaArchiveMetadata.Identification;
import dev.scangate.catalog.lang.JavaArchiveMetadata.Identity;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Finds Java libraries in jar, war, ear and Jenkins plugin ({@code .jpi}, {@code .hpi}) archives,
 * and in the archives nested in them (a war's {@code WEB-INF/lib}, a Spring Boot jar's
 * {@code BOOT-INF/lib}, an ear's modules) down to {@code CatalogLimits.maxArchiveDepth}.
 *
 * <p>An archive's identity comes from its {@code META-INF/maven/**}{@code /pom.properties}
 * (HIGH; a shaded jar yields every artifact embedded in it), else its manifest (MEDIUM), else its
 * file name (LOW); see {@link JavaArchiveMetadata#identify}. Nested archives are read as streams
 * ({@link ZipInputStream}) and never extracted or held in memory whole.
 *
 * <pre>{@code
 * // /app/shop.war holding WEB-INF/lib/log4j-core-2.14.1.jar
 * new JavaArchiveCataloger().catalog(context);
 * // [..., CatalogedPackage[name=log4j-core, version=2.14.1,
 * //       purl=pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1,
 * //       path=/app/shop.war!/WEB-INF/lib/log4j-core-2.14.1.jar, confidence=HIGH, ...]]
 * }</pre>
 */
public final class JavaArchiveCataloger implements PackageCataloger {

  /** Largest pom.properties, pom.xml or manifest read from inside an archive. */
  static final int MAX_METADATA_BYTES = 4 << 20;

  private static final String ID = "java-archive";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean wants(String path, long size, int mode) {
    return isArchiveName(path);
  }

  /** {@code .jar}, {@code .war}, {@code .ear}, {@code .jpi}, {@code .hpi}, in any case. */
  static boolean isArchiveName(String name) {
    int dot = name.length() - 4;
    if (dot < 0 || name.charAt(dot) != '.') {
      return false;
    }
    return name.regionMatches(true, dot + 1, "jar", 0, 3)
        || name.regionMatches(true, dot + 1, "war", 0, 3)
        || name.regionMatches(true, dot + 1, "ear", 0, 3)
        || name.regionMatches(true, dot + 1, "jpi", 0, 3)
        || name.regionMatches(true, dot + 1, "hpi", 0, 3);
  }

  @Override
  public List<CatalogedPackage> catalog(CatalogContext context) throws IOException {
    List<CatalogedPackage> packages = new ArrayList<>();
    for (FileEntry file : context.filesystem().files(JavaArchiveCataloger::isArchiveName)) {
      if (EvidenceFiles.skipIfTooLarge(context, file)) {
        continue;
      }
      // The top-level archive is on local disk: ZipFile reads its central directory and opens
      // only the entries we need, instead of inflating every class file to reach the next one.
      try (ZipFile zip = new ZipFile(context.filesystem().localPath(file).toFile())) {
        packages.addAll(new Reading(context, file).read(file.path(), 0, new ZipFileEntries(zip)));
      } catch (IOException e) {
        context.skipped(file.path(), "not a readable zip archive: " + message(e));
      }
    }
    return packages;
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Reading one top-level archive and everything nested in it. */
  private static final class Reading {

    private final CatalogContext context;
    private final FileEntry file;

    Reading(CatalogContext context, FileEntry file) {
      this.context = context;
      this.file = file;
    }

    /**
     * The packages of one archive: its own identity first, then what was shaded into it, then
     * those of its nested archives in the order of their paths.
     *
     * @param path the archive's path, {@code /app/a.war!/WEB-INF/lib/b.jar} when nested
     * @param depth 0 for a file of the image, 1 for an archive inside it, ...
     */
    List<CatalogedPackage> read(String path, int depth, ArchiveEntries entries)
        throws IOException {
      JavaArchiveMetadata metadata = new JavaArchiveMetadata();
      // nested archives' packages by entry path: the order does not depend on the archive's
      Map<String, List<CatalogedPackage>> nested = new TreeMap<>();
      int count = 0;
      String name;
      while ((name = entries.next()) != null) {
        count++;
        String entryPath = path + "!/" + name;
        if (JavaArchiveMetadata.isMetadata(name)) {
          try {
            metadata.add(name, EvidenceFiles.readAtMost(entries.open(), MAX_METADATA_BYTES,
                entryPath));
          } catch (IOException e) {
            context.skipped(entryPath, message(e));
          }
        } else if (isArchiveName(name)) {
          nested.put(name, readNested(entryPath, depth + 1, entries));
        }
      }
      if (count == 0) {
        throw new IOException("no zip entries");
      }
      Identification identification = metadata.identify(fileName(path));
      Identity own = identification.own();
      if (own == null) {
        context.skipped(path, "no Maven coordinates, manifest version or name in the file name");
      }
      String parent = own == null ? null : own.purl();
      List<CatalogedPackage> packages = new ArrayList<>();
      if (own != null) {
        packages.add(toPackage(own, path, null));
      }
      for (Identity embedded : identification.embedded()) {
        packages.add(toPackage(embedded, path, parent));
      }
      for (List<CatalogedPackage> inner : nested.values()) {
        for (CatalogedPackage p : inner) {
          packages.add(parent == null || p.properties().containsKey("java.parent")
              ? p : withParent(p, parent));
        }
      }
      return packages;
    }

    private List<CatalogedPackage> readNested(String path, int depth, ArchiveEntries outer) {
      int maxDepth = context.limits().maxArchiveDepth();
      if (depth > maxDepth) {
        context.skipped(path, "nested archive at depth " + depth + " is deeper than "
            + "maxArchiveDepth (" + maxDepth + ")");
        return List.of();
      }
      long maxBytes = context.limits().maxFileBytes();
      try {
        InputStream content = new BoundedInputStream(outer.open(), maxBytes);
        return read(path, depth, new ZipStreamEntries(new ZipInputStream(content)));
      } catch (IOException e) {
        context.skipped(path, "not a readable nested zip archive: " + message(e));
        return List.of();
      }
    }

    private CatalogedPackage toPackage(Identity identity, String path, String parent) {
      Map<String, String> properties = new LinkedHashMap<>();
      if (identity.groupId() != null) {
        properties.put("maven.groupId", identity.groupId());
      }
      properties.put("maven.artifactId", identity.artifactId());
      properties.put("java.identitySource", identity.source());
      if (parent != null) {
        properties.put("java.parent", parent);
      }
      return new CatalogedPackage(PackageType.MAVEN, identity.artifactId(), identity.version(),
          identity.purl(), null, null, null, identity.licenses(), file.layerDigest(), path, ID,
          identity.confidence(), properties);
    }

    private static CatalogedPackage withParent(CatalogedPackage p, String parent) {
      Map<String, String> properties = new LinkedHashMap<>(p.properties());
      properties.put("java.parent", parent);
      return new CatalogedPackage(p.type(), p.name(), p.version(), p.purl(), p.sourceName(),
          p.sourceVersion(), p.architecture(), p.licenses(), p.layerDigest(), p.path(),
          p.foundBy(), p.confidence(), properties);
    }
  }

  /** The file entries of an archive in order; {@link #open} reads the current one. */
  private interface ArchiveEntries {

    /** The next file entry's name, null after the last. */
    String next() throws IOException;

    /** The current entry's content; valid until {@link #next}; closing it is optional. */
    InputStream open() throws IOException;
  }

  private static final class ZipFileEntries implements ArchiveEntries {

    private final ZipFile zip;
    private final Enumeration<? extends ZipEntry> entries;
    private ZipEntry current;

    ZipFileEntries(ZipFile zip) {
      this.zip = zip;
      this.entries = zip.entries();
    }

    @Override
    public String next() {
      while (entries.hasMoreElements()) {
        current = entries.nextElement();
        if (!current.isDirectory()) {
          return current.getName();
        }
      }
      return null;
    }

    @Override
    public InputStream open() throws IOException {
      return zip.getInputStream(current);
    }
  }

  private static final class ZipStreamEntries implements ArchiveEntries {

    private final ZipInputStream zip;

    ZipStreamEntries(ZipInputStream zip) {
      this.zip = zip;
    }

    @Override
    public String next() throws IOException {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (!entry.isDirectory()) {
          return entry.getName();
        }
      }
      return null;
    }

    @Override
    public InputStream open() {
      // the entry ends where the next begins; closing the view must not close the archive
      return new FilterInputStream(zip) {
        @Override
        public void close() {
        }
      };
    }
  }

  /**
   * Fails once more than {@code max} bytes were read: a nested archive (or a zip bomb posing as
   * one) counts against {@code maxFileBytes} like a file of the image does.
   */
  private static final class BoundedInputStream extends FilterInputStream {

    private final long max;
    private long count;

    BoundedInputStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      counted(skipped);
      return skipped;
    }

    @Override
    public void close() {
      // the outer archive's entry stream is left for the outer reader
    }

    private void counted(long n) throws IOException {
      count += n;
      if (count > max) {
        throw new IOException("larger than maxFileBytes (" + max + ")");
      }
    }
  }
}
