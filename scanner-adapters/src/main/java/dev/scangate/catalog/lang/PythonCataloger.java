package dev.scangate.catalog.lang;

import dev.scangate.catalog.CatalogContext;
import dev.scangate.catalog.CatalogedPackage;
import dev.scangate.catalog.Confidence;
import dev.scangate.catalog.FileEntry;
import dev.scangate.catalog.PackageCataloger;
import dev.scangate.catalog.PackageType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds installed Python distributions by their core metadata
 * (https://packaging.python.org/en/latest/specifications/core-metadata/): a wheel's
 * {@code <name>-<version>.dist-info/METADATA}, an egg's {@code .egg-info/PKG-INFO}, or an
 * {@code .egg-info} file, in a {@code site-packages} directory or in Debian's
 * {@code /usr/lib/python3/dist-packages}.
 *
 * <pre>{@code
 * // /usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO
 * new PythonCataloger().catalog(context);
 * // [CatalogedPackage[type=PYPI, name=requests, version=2.28.1, purl=pkg:pypi/requests@2.28.1,
 * //     licenses=[Apache 2.0], ...]]
 * }</pre>
 */
public final class PythonCataloger implements PackageCataloger {

  private static final String ID = "python";
  private static final Pattern NAME_SEPARATORS = Pattern.compile("[-_.]+");
  /** A {@code License} field longer than this is the license's full text, not its name. */
  private static final int MAX_LICENSE_NAME = 100;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean wants(String path, long size, int mode) {
    return isMetadata(path);
  }

  static boolean isMetadata(String path) {
    return (path.endsWith(".dist-info/METADATA") || path.endsWith(".egg-info/PKG-INFO")
        || path.endsWith(".egg-info"))
        && (path.contains("/site-packages/") || path.contains("/dist-packages/"));
  }

  /**
   * The PEP 503 normalized name (https://peps.python.org/pep-0503/#normalized-names): lowercase,
   * each run of {@code -}, {@code _} and {@code .} one {@code -}; {@code Zope.Interface} is
   * {@code zope-interface}.
   */
  static String normalizedName(String name) {
    return NAME_SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  @Override
  public List<CatalogedPackage> catalog(CatalogContext context) throws IOException {
    List<CatalogedPackage> packages = new ArrayList<>();
    for (FileEntry file : context.filesystem().files(PythonCataloger::isMetadata)) {
      if (EvidenceFiles.skipIfTooLarge(context, file)) {
        continue;
      }
      Map<String, List<String>> headers;
      try {
        headers = headers(decode(EvidenceFiles.read(context, file)));
      } catch (IllegalArgumentException e) {
        context.skipped(file.path(), e.getMessage());
        continue;
      }
      String name = first(headers, "Name");
      String version = first(headers, "Version");
      if (name == null || version == null) {
        context.skipped(file.path(), "core metadata without Name and Version headers");
        continue;
      }
      Map<String, String> properties = new LinkedHashMap<>();
      String metadataVersion = first(headers, "Metadata-Version");
      if (metadataVersion != null) {
        properties.put("python.metadataVersion", metadataVersion);
      }
      packages.add(new CatalogedPackage(PackageType.PYPI, name, version,
          PackageUrls.canonical("pypi", null, normalizedName(name), version), null, null, null,
          licenses(headers), file.layerDigest(), file.path(), ID, Confidence.HIGH, properties));
    }
    return packages;
  }

  /** UTF-8 as the spec says; files written by old setuptools may be Latin-1. */
  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * The header section (up to the first empty line; the rest is the description) as RFC 822
   * style fields: {@code Name: value}, continuation lines start with whitespace, a field may
   * repeat ({@code Classifier}).
   *
   * @throws IllegalArgumentException quoting the first line that is not a header
   */
  static Map<String, List<String>> headers(String text) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> current = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        break;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (current == null) {
          throw notAHeader(i, line);
        }
        int last = current.size() - 1;
        current.set(last, current.get(last) + "\n" + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw notAHeader(i, line);
      }
      current = headers.computeIfAbsent(line.substring(0, colon).strip(),
          k -> new ArrayList<>());
      current.add(line.substring(colon + 1).strip());
    }
    if (headers.isEmpty()) {
      throw new IllegalArgumentException("no core metadata headers (empty file)");
    }
    return headers;
  }

  private static IllegalArgumentException notAHeader(int index, String line) {
    String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
    return new IllegalArgumentException("malformed core metadata: line " + (index + 1)
        + " is not a 'Name: value' header: '" + shown + "'");
  }

  /**
   * {@code License-Expression} (SPDX, metadata 2.4), else a one-line {@code License} (some
   * projects put the whole license text there), else the {@code License :: …} classifiers' last
   * part ({@code License :: OSI Approved :: MIT License} is {@code MIT License}).
   */
  static List<String> licenses(Map<String, List<String>> headers) {
    String expression = first(headers, "License-Expression");
    if (expression != null) {
      return List.of(expression);
    }
    String license = first(headers, "License");
    if (license != null && !license.equalsIgnoreCase("UNKNOWN") && license.indexOf('\n') < 0
        && license.length() <= MAX_LICENSE_NAME) {
      return List.of(license);
    }
    List<String> fromClassifiers = new ArrayList<>();
    for (String classifier : headers.getOrDefault("Classifier", List.of())) {
      if (classifier.startsWith("License ::")) {
        String last = classifier.substring(classifier.lastIndexOf("::") + 2).strip();
        if (!last.isEmpty() && !last.equals("OSI Approved")) {
          fromClassifiers.add(last);
        }
      }
    }
    return fromClassifiers;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    if (values == null || values.isEmpty() || values.get(0).isBlank()) {
      return null;
    }
    return values.get(0);
  }
}
