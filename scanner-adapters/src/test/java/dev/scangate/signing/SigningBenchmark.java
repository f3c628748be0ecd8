package dev.scangate.signing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Signatures per second for DSSE attestation signing (PAE, ECDSA P-256 with a fresh
 * {@link Signature} per call, envelope JSON) against a bare, reused JCA {@code SHA256withECDSA}
 * signing the same payload bytes in the same JVM: the floor for one P-256 signature. Rounds of
 * both alternate so JIT and CPU contention affect both alike. For docs/benchmarks.md.
 *
 * <pre>
 * ./mvnw -B -q -o -pl scanner-adapters test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp scanner-adapters/target/test-classes:scanner-adapters/target/classes:$(cat /tmp/cp.txt) \
 *     dev.scangate.signing.SigningBenchmark [seconds-per-round] [rounds]
 * </pre>
 */
public final class SigningBenchmark {

  private SigningBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    double secondsPerRound = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Signer signer = new KeyPairSigner(pair.getPrivate(), pair.getPublic());
    Signature bare = Signature.getInstance("SHA256withECDSA");

    System.out.printf("JVM %s, %d cores, %s s per round, %d rounds (first is warm-up)%n",
        System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(),
        secondsPerRound, rounds);
    for (int size : List.of(1024, 256 * 1024)) {
      byte[] predicate = predicate(size);
      byte[] statement = InTotoStatement.of(List.of(InTotoSubject.of("127.0.0.1:5000/app",
          dev.scangate.image.Digest.sha256(predicate))), InTotoStatement.CYCLONEDX_PREDICATE,
          predicate).toJson();
      double[] dsse = new double[rounds];
      double[] raw = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        dsse[round] = rate(secondsPerRound, () -> DsseEnvelope.sign(
            DsseEnvelope.IN_TOTO_PAYLOAD_TYPE, statement, signer).toJson().length);
        raw[round] = rate(secondsPerRound, () -> {
          bare.initSign(pair.getPrivate());
          bare.update(statement);
          return bare.sign().length;
        });
      }
      double dsseMedian = median(Arrays.copyOfRange(dsse, 1, rounds));
      double rawMedian = median(Arrays.copyOfRange(raw, 1, rounds));
      System.out.printf("statement %7d bytes: DSSE sign+envelope %8.0f/s, bare Signature.sign"
          + " %8.0f/s (baseline), ratio %.2f%n", statement.length, dsseMedian, rawMedian,
          dsseMedian / rawMedian);
    }
  }

  @FunctionalInterface
  private interface Operation {
    int run() throws Exception;
  }

  private static double rate(double seconds, Operation operation) throws Exception {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long count = 0;
    long sink = 0;
    while (System.nanoTime() < deadline) {
      sink += operation.run();
      count++;
    }
    if (sink == 0) {
      throw new IllegalStateException("nothing signed");
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static byte[] predicate(int size) {
    StringBuilder json = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"components\":[");
    Random random = new Random(42);
    while (json.length() < size) {
      json.append(json.charAt(json.length() - 1) == '[' ? "" : ",")
          .append("{\"name\":\"pkg-").append(random.nextInt(1_000_000)).append("\"}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
