package dev.scangate.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The final filesystem of an image after applying every layer and its whiteouts, as far as the
 * catalogers asked for it: only files some {@link PackageCataloger#wants} are present with
 * content; symlinks resolve inside the image root and never outside it.
 *
 * <pre>{@code
 * Optional<FileEntry> status = fs.file("/var/lib/dpkg/status");
 * try (InputStream in = fs.open(status.get())) { ... }
 * List<FileEntry> jars = fs.files(p -> p.endsWith(".jar"));
 * }</pre>
 */
public interface ImageFilesystem {

  /** The regular file at {@code path}, following symlinks within the image; empty if none. */
  Optional<FileEntry> file(String path);

  /** Regular files whose path matches, in path order. */
  List<FileEntry> files(Predicate<String> path);

  /** Opens a file's content. */
  InputStream open(FileEntry file) throws IOException;

  /**
   * The file's content on local disk (read-only), for libraries that need a path (SQLite).
   */
  Path localPath(FileEntry file);
}
