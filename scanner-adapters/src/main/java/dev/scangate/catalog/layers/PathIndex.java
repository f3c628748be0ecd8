package dev.scangate.catalog.layers;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Every path of the image being assembled, in memory: a tree of {@link Node}s that layers are
 * applied to in order. Content lives in the scratch directory under generated names; the tree
 * only points at it, so nothing on disk is ever reached through a path taken from a layer.
 *
 * <p>Paths resolve like inside a chroot at the image root, as containerd's {@code fs.RootPath}
 * (used when applying layers) and Syft do: an absolute symlink target starts again at the image
 * root, a relative one at the link's directory, and {@code ..} at the root stays at the root. So
 * a symlink can never lead out of the image. At most 40 symlinks are followed per lookup
 * (Linux's MAXSYMLINKS, path_resolution(7)); a real path may not be longer than PATH_MAX.
 *
 * <p>Not thread-safe while layers are applied; read-only (and safe to share) afterwards.
 */
final class PathIndex {

  static final int MAX_SYMLINK_HOPS = 40;

  /**
   * The content of a regular file, shared with its hard links: extracted to {@code file}, or not
   * extracted for {@code skipReason}.
   */
  static final class Content {
    final Path file;
    final String skipReason;
    private int references;

    private Content(Path file, String skipReason) {
      this.file = file;
      this.skipReason = skipReason;
    }

    static Content extracted(Path file) {
      return new Content(file, null);
    }

    static Content skipped(String reason) {
      return new Content(null, reason);
    }
  }

  /** One path. A node's kind never changes: a layer that changes it replaces the node. */
  static final class Node {
    final String name;
    final EntryKind kind;
    int mode;
    long size;
    /** The layer that last wrote this path; -1 for the root. */
    int layer;
    /** A symlink's target as written, or the real path a hard link points to. */
    String linkTarget;
    Content content;
    /** Directories only; created on the first child. */
    Map<String, Node> children;

    Node(String name, EntryKind kind, int mode, long size, int layer) {
      this.name = name;
      this.kind = kind;
      this.mode = mode;
      this.size = size;
      this.layer = layer;
    }

    Node child(String childName) {
      return children == null ? null : children.get(childName);
    }
  }

  /** Where an entry goes: a directory of the index, its real path, the entry's name in it. */
  record Placement(Node directory, String directoryPath, String name) {

    String path() {
      return EntryPath.child(directoryPath, name);
    }

    Node existing() {
      return directory.child(name);
    }
  }

  /** A resolved path: its node and real path. */
  record Resolved(Node node, String path) {
  }

  /** A path that cannot be resolved at all (a symlink loop, an over-long result). */
  static final class ResolveException extends Exception {

    private static final long serialVersionUID = 1L;

    ResolveException(String message) {
      super(message, null, false, false);
    }
  }

  private final Node root = new Node("", EntryKind.DIRECTORY, 0755, 0, -1);
  private final List<Path> unused = new ArrayList<>();

  /**
   * Where an entry with these (normalized, non-empty) components goes: its parent directory is
   * resolved following symlinks of lower layers, like containerd does when applying a layer;
   * missing directories are created and anything else in their way is replaced by a directory
   * (reported to {@code repairs}).
   */
  Placement place(List<String> components, int layer, Consumer<String> repairs)
      throws ResolveException {
    Cursor parent = walk(components.subList(0, components.size() - 1), true, true, layer,
        repairs);
    return new Placement(parent.current(), parent.path(), components.get(components.size() - 1));
  }

  /**
   * Resolves a path (absolute or relative to the root; {@code ..} stays at the root).
   *
   * @param followLast whether a symlink as the last component is followed
   * @return null when nothing is there
   */
  Resolved find(String path, boolean followLast) throws ResolveException {
    return find(split(path), followLast);
  }

  Resolved find(List<String> components, boolean followLast) throws ResolveException {
    Cursor cursor = walk(components, followLast, false, -1, repair -> { });
    return cursor == null ? null : new Resolved(cursor.current(), cursor.path());
  }

  /** A directory entry merges with an existing directory (lower content stays visible). */
  Node putDirectory(Placement at, int mode, int layer) {
    Node existing = at.existing();
    if (existing != null && existing.kind == EntryKind.DIRECTORY) {
      existing.mode = mode;
      existing.layer = layer;
      return existing;
    }
    return replace(at, new Node(at.name(), EntryKind.DIRECTORY, mode, 0, layer));
  }

  /**
   * Any other entry replaces whatever was at its path, a directory with everything below it
   * included (containerd removes the old path unless both are directories).
   */
  Node put(Placement at, EntryKind kind, int mode, long size, int layer, String linkTarget,
      Content content) {
    Node node = new Node(at.name(), kind, mode, size, layer);
    node.linkTarget = linkTarget;
    if (content != null) {
      node.content = content;
      content.references++;
    }
    return replace(at, node);
  }

  /**
   * {@code .wh.<name>} in a directory of layer {@code layer}: hides {@code name} as lower layers
   * made it. What the same layer wrote there stays: "Whiteout files MUST only apply to resources
   * in lower/parent layers. Files that are present in the same layer as a whiteout file can only
   * be hidden by whiteout files in subsequent layers"
   * (https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts). The rule is
   * applied whatever the order of the entries in the tar.
   */
  void whiteout(List<String> directory, String name, int layer) throws ResolveException {
    Node dir = existingDirectory(directory);
    Node child = dir == null ? null : dir.child(name);
    if (child != null && hideLower(child, layer)) {
      dir.children.remove(name);
    }
  }

  /**
   * {@code .wh..wh..opq} in a directory of layer {@code layer}: everything lower layers put below
   * it is hidden (layer.md#opaque-whiteout); what the same layer put there stays.
   */
  void opaque(List<String> directory, int layer) throws ResolveException {
    Node dir = existingDirectory(directory);
    if (dir == null || dir.children == null) {
      return;
    }
    for (Node child : List.copyOf(dir.children.values())) {
      if (hideLower(child, layer)) {
        dir.children.remove(child.name);
      }
    }
  }

  /** Scratch files no path uses any more; the caller deletes them. */
  List<Path> takeUnused() {
    if (unused.isEmpty()) {
      return List.of();
    }
    List<Path> files = List.copyOf(unused);
    unused.clear();
    return files;
  }

  /** Visits every path with its real path, parents before children, without recursion. */
  void forEach(BiConsumer<String, Node> visitor) {
    ArrayDeque<Object[]> pending = new ArrayDeque<>();
    pending.push(new Object[] {"/", root});
    while (!pending.isEmpty()) {
      Object[] next = pending.pop();
      String path = (String) next[0];
      Node node = (Node) next[1];
      visitor.accept(path, node);
      if (node.children != null) {
        for (Node child : node.children.values()) {
          pending.push(new Object[] {EntryPath.child(path, child.name), child});
        }
      }
    }
  }

  private Node existingDirectory(List<String> components) throws ResolveException {
    Cursor cursor = walk(components, true, false, -1, repair -> { });
    if (cursor == null || cursor.current().kind != EntryKind.DIRECTORY) {
      return null;
    }
    return cursor.current();
  }

  private Node replace(Placement at, Node node) {
    Node directory = at.directory();
    if (directory.children == null) {
      directory.children = new HashMap<>(8);
    }
    Node old = directory.children.put(node.name, node);
    if (old != null) {
      release(old);
    }
    return node;
  }

  /**
   * Removes what lower layers made at and below {@code top}. Children are decided before their
   * directory: a lower directory stays only while the current layer put something inside it.
   *
   * @return whether {@code top} itself goes
   */
  private boolean hideLower(Node top, int layer) {
    List<Node> order = new ArrayList<>();
    List<Node> parents = new ArrayList<>();
    order.add(top);
    parents.add(null);
    for (int i = 0; i < order.size(); i++) {
      Node node = order.get(i);
      if (node.children != null) {
        for (Node child : node.children.values()) {
          order.add(child);
          parents.add(node);
        }
      }
    }
    boolean topGoes = false;
    for (int i = order.size() - 1; i >= 0; i--) {
      Node node = order.get(i);
      boolean keep = node.layer >= layer
          || (node.children != null && !node.children.isEmpty());
      if (!keep) {
        releaseContent(node);
        Node parent = parents.get(i);
        if (parent == null) {
          topGoes = true;
        } else {
          parent.children.remove(node.name);
        }
      }
    }
    return topGoes;
  }

  private void release(Node top) {
    ArrayDeque<Node> pending = new ArrayDeque<>();
    pending.push(top);
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      releaseContent(node);
      if (node.children != null) {
        for (Node child : node.children.values()) {
          pending.push(child);
        }
      }
    }
  }

  private void releaseContent(Node node) {
    Content content = node.content;
    if (content != null) {
      node.content = null;
      if (--content.references == 0 && content.file != null) {
        unused.add(content.file);
      }
    }
  }

  /**
   * Walks components from the root.
   *
   * @param followLast follow a symlink that is the last component
   * @param create treat every component as a directory: create missing ones, replace others
   * @return null when a component is missing or not a directory (only without create)
   */
  private Cursor walk(List<String> components, boolean followLast, boolean create, int layer,
      Consumer<String> repairs) throws ResolveException {
    ArrayDeque<String> pending = new ArrayDeque<>(components);
    Cursor cursor = new Cursor(root);
    int hops = 0;
    while (!pending.isEmpty()) {
      String name = pending.pollFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        cursor.up();
        continue;
      }
      boolean last = pending.isEmpty();
      Node directory = cursor.current();
      Node child = directory.child(name);
      if (child != null && child.kind == EntryKind.SYMLINK && (create || followLast || !last)) {
        if (++hops > MAX_SYMLINK_HOPS) {
          throw new ResolveException("more than " + MAX_SYMLINK_HOPS
              + " levels of symbolic links at " + EntryPath.child(cursor.path(), name));
        }
        String target = child.linkTarget;
        if (target.isEmpty()) {
          throw new ResolveException("symbolic link " + EntryPath.child(cursor.path(), name)
              + " has an empty target");
        }
        if (target.charAt(0) == '/') {
          cursor.toRoot();
        }
        List<String> targetComponents = split(target);
        for (int i = targetComponents.size() - 1; i >= 0; i--) {
          pending.addFirst(targetComponents.get(i));
        }
        continue;
      }
      if (child == null) {
        if (!create) {
          return null;
        }
        child = replace(new Placement(directory, cursor.path(), name),
            new Node(name, EntryKind.DIRECTORY, 0755, 0, layer));
      } else if (child.kind != EntryKind.DIRECTORY && (create || !last)) {
        if (!create) {
          return null;
        }
        repairs.accept(EntryPath.child(cursor.path(), name) + " is a "
            + child.kind.name().toLowerCase(java.util.Locale.ROOT)
            + " but the layer puts entries below it: replaced by a directory");
        child = replace(new Placement(directory, cursor.path(), name),
            new Node(name, EntryKind.DIRECTORY, 0755, 0, layer));
      }
      cursor.down(child, name);
      if (cursor.length > EntryPath.MAX_LENGTH) {
        throw new ResolveException("path resolves to more than " + EntryPath.MAX_LENGTH
            + " characters");
      }
    }
    return cursor;
  }

  /** Splits at {@code /}, keeping {@code .} and {@code ..} for the walk to interpret. */
  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      if (end > start) {
        parts.add(path.substring(start, end));
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return parts;
  }

  /** A position in the tree: the directories from the root and the real path to it. */
  private static final class Cursor {
    private final ArrayList<Node> nodes = new ArrayList<>();
    private final ArrayList<String> names = new ArrayList<>();
    private int length;

    Cursor(Node root) {
      nodes.add(root);
    }

    Node current() {
      return nodes.get(nodes.size() - 1);
    }

    void down(Node node, String name) {
      nodes.add(node);
      names.add(name);
      length += name.length() + 1;
    }

    /** {@code ..}: at the root it stays at the root, as in a chroot. */
    void up() {
      if (!names.isEmpty()) {
        nodes.remove(nodes.size() - 1);
        length -= names.remove(names.size() - 1).length() + 1;
      }
    }

    void toRoot() {
      while (!names.isEmpty()) {
        up();
      }
    }

    String path() {
      return EntryPath.join(names);
    }
  }
}
