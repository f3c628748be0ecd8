package dev.scangate.catalog.layers;

/** What a path of the final image filesystem is. */
public enum EntryKind {
  /** A regular file. */
  REGULAR,
  /** A directory. */
  DIRECTORY,
  /** A symbolic link; its target is resolved inside the image root. */
  SYMLINK,
  /** A hard link: a regular file that shares the content of the file it links to. */
  HARDLINK,
  /** A character or block device or a FIFO: present in the filesystem, never extracted. */
  SPECIAL
}
