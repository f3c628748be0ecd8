package dev.scangate.policy.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link PolicyBenchmark} methods timed by the CPU time of the calling thread rather than
 * by the wall clock: on a machine whose cores are shared, an operation of several milliseconds
 * is often descheduled part-way, which JMH's sample time counts and CPU time does not. Each
 * method is warmed up for 3 s and then called for 5 s; prints the median and the 10th and 90th
 * percentiles in ms per operation.
 *
 * <p>Run with {@code bench/policy.sh --cpu-time}.
 */
public final class PolicyCpuTime {

  private PolicyCpuTime() {
  }

  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf("%-16s %8s %8s %8s %8s %6s%n", "benchmark", "packages", "p0.10", "p0.50", "p0.90", "ops");
    for (int packages : new int[] {600, 5000}) {
      PolicyBenchmark b = new PolicyBenchmark();
      b.distinctPackages = packages;
      b.setUp();
      List<String> names = List.of("existsRules20", "javaLoop20", "selectorRule1", "selectorRules20");
      List<Supplier<Object>> methods = List.of(b::existsRules20, b::javaLoop20, b::selectorRule1,
          b::selectorRules20);
      for (int m = 0; m < methods.size(); m++) {
        Supplier<Object> method = methods.get(m);
        long warmUpEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
          consume(method.get());
        }
        List<Long> cpu = new ArrayList<>();
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
          long before = threads.getCurrentThreadCpuTime();
          consume(method.get());
          cpu.add(threads.getCurrentThreadCpuTime() - before);
        }
        Collections.sort(cpu);
        System.out.printf("%-16s %8d %8.2f %8.2f %8.2f %6d%n", names.get(m), packages,
            percentile(cpu, 0.10), percentile(cpu, 0.50), percentile(cpu, 0.90), cpu.size());
      }
    }
    System.out.println("sink " + sink);
  }

  private static int sink;

  private static void consume(Object result) {
    sink += System.identityHashCode(result) & 1;
  }

  private static double percentile(List<Long> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
  }
}
