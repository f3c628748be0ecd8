import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.Descriptor;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.MediaTypes;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistrySettings;
import dev.scangate.signing.CosignPrivateKey;
import dev.scangate.signing.CosignStorage;
import dev.scangate.signing.DsseEnvelope;
import dev.scangate.signing.InTotoStatement;
import dev.scangate.signing.InTotoSubject;
import dev.scangate.signing.Signer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Attestation push latency against a registry: {@code CosignStorage.attachAttestation} (fetch
 * the {@code .att} manifest and config, push the envelope blob, the grown config and the grown
 * manifest), as the sign stage does per attestation, against a plain push of a blob of the same
 * size, a config and a manifest to a fresh tag with the same client in the same JVM (the floor:
 * nothing read back, nothing appended). Envelopes are signed before timing; each push carries new
 * bytes so no blob is already present. Rounds alternate. Run by bench/signing.sh.
 */
public class SigningPushBench {

  public static void main(String[] args) throws Exception {
    String registry = args[0];
    int iterations = Integer.parseInt(args[1]);
    RegistryClient client = new RegistryClient(RegistrySettings.defaults()
        .withAllowed(registry).withInsecure(registry));
    Signer signer = CosignPrivateKey.generate().signer();
    System.out.printf("registry %s, %d pushes per size after %d warm-up pushes, JVM %s, %d cores%n",
        registry, iterations, Math.max(5, iterations / 10), System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors());
    for (int size : List.of(4 * 1024, 256 * 1024)) {
      ImageReference image = copy(client, registry);
      ImageReference plain = ImageReference.parse(image.name() + ":plain");
      CosignStorage storage = new CosignStorage(client);
      int warmup = Math.max(5, iterations / 10);
      long[] attach = new long[iterations];
      long[] baseline = new long[iterations];
      int envelopeBytes = 0;
      for (int i = -warmup; i < iterations; i++) {
        DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO_PAYLOAD_TYPE,
            InTotoStatement.of(List.of(InTotoSubject.of(image.name(), image.digest())),
                InTotoStatement.CYCLONEDX_PREDICATE, predicate(size, i)).toJson(), signer);
        byte[] layer = envelope.toJson();
        envelopeBytes = layer.length;
        byte[] same = layer.clone(); // same size, bytes the registry has not seen
        same[same.length / 2] ^= 0x01;

        long t0 = System.nanoTime();
        storage.attachAttestation(image, envelope);
        long t1 = System.nanoTime();
        plainPush(client, plain.name(), "plain-" + (i + warmup), same);
        long t2 = System.nanoTime();
        if (i >= 0) {
          attach[i] = t1 - t0;
          baseline[i] = t2 - t1;
        }
      }
      int layers = storage.attestations(image).size();
      System.out.printf("envelope %7d bytes, .att grows to %d layers%n", envelopeBytes, layers);
      System.out.printf("  %-42s %s%n", "attachAttestation (append to .att)", stats(attach));
      System.out.printf("  %-42s %s%n", "plain blob+config+manifest push (baseline)",
          stats(baseline));
      System.out.printf("  median ratio attach/baseline: %.2f; attach median, first vs last"
          + " tenth: %.3f ms vs %.3f ms%n", (double) median(attach) / median(baseline),
          median(Arrays.copyOfRange(attach, 0, Math.max(1, iterations / 10))) / 1e6,
          median(Arrays.copyOfRange(attach, iterations - Math.max(1, iterations / 10),
              iterations)) / 1e6);
    }
  }

  /** A JSON object of about {@code size} bytes that differs per iteration. */
  private static byte[] predicate(int size, int iteration) {
    StringBuilder json = new StringBuilder(size + 64).append("{\"bomFormat\":\"CycloneDX\","
        + "\"specVersion\":\"1.6\",\"serialNumber\":\"urn:uuid:").append(UUID.randomUUID())
        .append("\",\"iteration\":").append(iteration).append(",\"padding\":\"");
    while (json.length() < size - 2) {
      json.append('x');
    }
    return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Layer blob, a config naming it, and a manifest to a new tag: what any image push does. */
  private static void plainPush(RegistryClient client, String name, String tag, byte[] layer) {
    ImageReference target = ImageReference.parse(name + ":" + tag);
    Digest layerDigest = client.pushBlob(target, layer);
    byte[] config = ("{\"architecture\":\"\",\"os\":\"\",\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[\"" + layerDigest + "\"]},\"config\":{}}")
        .getBytes(StandardCharsets.UTF_8);
    Digest configDigest = client.pushBlob(target, config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"size\":"
        + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[{\"mediaType\":\""
        + CosignStorage.DSSE_MEDIA_TYPE + "\",\"size\":" + layer.length + ",\"digest\":\""
        + layerDigest + "\"}]}").getBytes(StandardCharsets.UTF_8);
    client.pushManifest(target, MediaTypes.OCI_MANIFEST, manifest);
  }

  /** scangate-test/files:1 copied into a repository of its own. */
  private static ImageReference copy(RegistryClient client, String registry) throws Exception {
    ImageReference source = ImageReference.parse(registry + "/scangate-test/files:1");
    ImageReference target = ImageReference.parse(registry + "/bench-signing/"
        + UUID.randomUUID().toString().substring(0, 8) + ":1");
    FetchedManifest manifest = client.fetchManifest(source);
    client.pushBlob(target, client.fetchBlob(source, manifest.manifest().config(), 1 << 20));
    for (Descriptor layer : manifest.manifest().layers()) {
      try (InputStream in = client.openBlob(source, layer)) {
        client.pushBlob(target, in.readAllBytes());
      }
    }
    return target.withDigest(client.pushManifest(target, manifest.mediaType(),
        manifest.bytes()));
  }

  private static String stats(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("min %6.2f ms  median %6.2f ms  p95 %6.2f ms  max %6.2f ms",
        sorted[0] / 1e6, median(nanos) / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
