import dev.scangate.image.Digest;
import dev.scangate.image.ImageReference;
import dev.scangate.registry.FetchedManifest;
import dev.scangate.registry.RegistryClient;
import dev.scangate.registry.RegistrySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * Time to resolve a tag and fetch (and verify) its manifest with scangate's registry client,
 * against a bare java.net.http HEAD + GET of the same manifest in the same JVM (the floor: no
 * auth handling, no digest check, no parsing). Run by bench/manifest-fetch.sh.
 */
public class ManifestFetchBench {

  public static void main(String[] args) throws Exception {
    ImageReference ref = ImageReference.parse(args[0]);
    int iterations = Integer.parseInt(args[1]);
    RegistryClient client = new RegistryClient(RegistrySettings.defaults()
        .withAllowed(ref.registry()).withInsecure(ref.registry()));
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://" + ref.registry() + "/v2/" + ref.repository() + "/manifests/"
        + ref.tag());
    String accept = "application/vnd.oci.image.manifest.v1+json,"
        + "application/vnd.oci.image.index.v1+json,"
        + "application/vnd.docker.distribution.manifest.v2+json,"
        + "application/vnd.docker.distribution.manifest.list.v2+json";

    long[] ours = new long[iterations];
    long[] bare = new long[iterations];
    for (int round = 0; round < 2; round++) { // round 0 warms up the JIT and connections
      for (int i = 0; i < iterations; i++) {
        long t0 = System.nanoTime();
        Digest digest = client.resolve(ref);
        FetchedManifest manifest = client.fetchManifest(ref.withDigest(digest));
        ours[i] = System.nanoTime() - t0;
        if (manifest.size() == 0) {
          throw new IllegalStateException("empty manifest");
        }
        t0 = System.nanoTime();
        http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Accept", accept).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).header("Accept", accept)
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        bare[i] = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
          throw new IllegalStateException("bare GET answered " + r.statusCode());
        }
      }
    }
    System.out.printf("%-44s %s%n", "scangate resolve + fetchManifest (verified)", stats(ours));
    System.out.printf("%-44s %s%n", "bare java.net.http HEAD + GET (baseline)", stats(bare));
    System.out.printf("median ratio scangate/baseline: %.2f%n",
        (double) median(ours) / median(bare));
  }

  private static String stats(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("min %6.3f ms  median %6.3f ms  p95 %6.3f ms  max %6.3f ms",
        sorted[0] / 1e6, median(nanos) / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
