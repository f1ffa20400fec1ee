package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.Stats;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.bench.workloads.FlagServer;
import dev.shmc.bench.workloads.FlagStudyKernel;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.Mode;
import dev.shmc.kernels.primes.MillerRabin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * The early-stop flag study of issue #5: trial division of a fixed set of large primes and
 * semiprimes by W worker JVMs (one static half of the candidates each), with no flag, the
 * shared-memory stop flag polled every K candidates (K swept), a Chronicle Map flag, a flag sent
 * over a loopback socket and a flag file. Reports the compute time (first worker start to last
 * worker end, measured in the workers), the overhead on primes against no flag, and the stop
 * latency: from the finder raising the flag to the other worker noticing it.
 */
public final class FlagsSuite implements Suite {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    /** Where, as a fraction of sqrt(n), the smallest factor of each semiprime lies. */
    private static final double[] FACTOR_AT = {0.1, 0.3, 0.6, 0.85};
    private static final int PRIMES = 4;

    @Override
    public String name() {
        return "flags";
    }

    private record Config(String flag, int poll) {
        String label() {
            return flag.equals("none") ? "none" : flag + ", K=" + poll;
        }
    }

    /** {@code primeReps}: the primes' time of each repetition, for overheads paired with the same repetition's no-flag run. */
    private record Outcome(Config config, Stats primes, Stats composites, Stats latencyMicros, double[] primeReps) {
    }

    /**
     * The overhead on primes against no flag, in percent: the median over repetitions of this
     * flag's time over the no-flag time of the same repetition (the two ran seconds apart, so a
     * slower or faster phase of a noisy machine cancels out), with the range of those ratios.
     */
    private static Stats overhead(Outcome o, Outcome none) {
        double[] ratios = new double[o.primeReps().length];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = 100 * (o.primeReps()[r] / none.primeReps()[r] - 1);
        }
        return Stats.of(ratios);
    }

    @Override
    public SuiteResult run(BenchRun run) throws Exception {
        int w = run.workers();
        long base = run.size().pick(1_000_000_000_000L, 1_000_000_000_000_000L, 20_000_000_000_000_000L);
        int reps = run.reps();
        List<Long> primes = new ArrayList<>();
        for (int i = 0; i < PRIMES; i++) {
            primes.add(nextPrime(base + i * (base / 97)));
        }
        List<Long> composites = new ArrayList<>();
        long root = (long) Math.sqrt((double) base);
        for (double f : FACTOR_AT) {
            long p = nextPrime((long) (f * root));
            long q = nextPrime(base / p);
            composites.add(p * q);
        }
        List<Config> configs = new ArrayList<>();
        configs.add(new Config("none", 0));
        for (int k : run.size().pick(new int[] {64, 4096}, new int[] {16, 256, 4096, 65536}, new int[] {1, 16, 256, 4096, 65536})) {
            configs.add(new Config("shm", k));
        }
        for (String flag : new String[] {"chronicle", "socket", "file"}) {
            for (int k : new int[] {4096}) {
                configs.add(new Config(flag, k));
            }
        }
        SuiteResult result = new SuiteResult(name(), "Early-stop flag study",
                String.format(Locale.ROOT, "Trial division by %d worker JVMs (each one static half of the odd candidates) of %d primes near "
                        + "%.0e and %d semiprimes whose smallest factor lies at %s of sqrt(n); %d repetitions (median). Compute time is "
                        + "measured in the workers (first start to last end, CLOCK_MONOTONIC); stop latency is from the finder raising "
                        + "the flag to the other worker seeing it. Flags are interleaved within each repetition.", w, PRIMES, (double) base, composites.size(),
                        java.util.Arrays.toString(FACTOR_AT), reps));

        Path tmp = Files.createTempDirectory("shmc-bench-flags-");
        Path mapFile = tmp.resolve("flag.cm3");
        Path flagFile = tmp.resolve("stop.flag");
        List<Outcome> outcomes = new ArrayList<>();
        try (FlagServer server = new FlagServer();
             ChronicleMap<Long, Long> map = FlagStudyKernel.openMap(mapFile.toString());
             Engine engine = Engine.builder().mode(Mode.PROCESSES).workers(w).build()) {
            // warm-up: every flag once on the first composite
            for (Config c : configs) {
                runOne(engine, composites.get(0), c, w, where(c, mapFile, flagFile), server, map, flagFile);
            }
            // repetition-major: a burst of other work on the machine spreads over every flag instead of hitting one
            double[][] primeTimes = new double[configs.size()][reps];
            double[][] compositeTimes = new double[configs.size()][reps];
            List<List<Double>> latencies = new ArrayList<>();
            configs.forEach(c -> latencies.add(new ArrayList<>()));
            for (int r = 0; r < reps; r++) {
                run.progress(name(), "repetition " + (r + 1) + " of " + reps + ": " + configs.size() + " flags x " + (primes.size()
                        + composites.size()) + " numbers");
                for (int ci = 0; ci < configs.size(); ci++) {
                    Config c = configs.get(ci);
                    String where = where(c, mapFile, flagFile);
                    for (long n : primes) {
                        JobResult jr = runOne(engine, n, c, w, where, server, map, flagFile);
                        if (jr.word(0) != 0) {
                            throw new IllegalStateException(n + " is prime, but " + c.label() + " found factor " + jr.word(0));
                        }
                        primeTimes[ci][r] += computeSeconds(jr);
                    }
                    for (long n : composites) {
                        JobResult jr = runOne(engine, n, c, w, where, server, map, flagFile);
                        long factor = jr.word(0);
                        if (factor == 0 || n % factor != 0) {
                            throw new IllegalStateException(c.label() + " missed the factor of " + n + " (got " + factor + ")");
                        }
                        compositeTimes[ci][r] += computeSeconds(jr);
                        if (jr.word(2) != 0 && jr.word(1) != 0) {
                            latencies.get(ci).add((jr.word(2) - jr.word(1)) / 1e3);
                        }
                    }
                }
            }
            for (int ci = 0; ci < configs.size(); ci++) {
                List<Double> l = latencies.get(ci);
                Outcome o = new Outcome(configs.get(ci), Stats.of(primeTimes[ci]), Stats.of(compositeTimes[ci]),
                        l.isEmpty() ? null : Stats.of(l.stream().mapToDouble(Double::doubleValue).toArray()), primeTimes[ci].clone());
                outcomes.add(o);
                run.progress(name(), String.format(Locale.ROOT, "%-16s primes %.3f s, composites %.3f s, stop latency %s", o.config().label(),
                        o.primes().median(), o.composites().median(), o.latencyMicros() == null ? "n/a"
                                : String.format(Locale.ROOT, "%.1f us", o.latencyMicros().median())));
            }
        } finally {
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(tmp);
        }

        Outcome none = outcomes.get(0);
        Table table = new Table("flags", "flag", "poll every K candidates", "primes s", "composites s", "total s",
                "overhead on primes % (paired median)", "overhead min %", "overhead max %",
                "stop latency median us", "stop latency max us", "primes spread", "stops seen");
        for (Outcome o : outcomes) {
            Stats over = overhead(o, none);
            table.add(o.config().flag(), o.config().poll(), o.primes().median(), o.composites().median(),
                    o.primes().median() + o.composites().median(), over.median(), over.min(), over.max(),
                    o.latencyMicros() == null ? null : o.latencyMicros().median(), o.latencyMicros() == null ? null : o.latencyMicros().max(),
                    o.primes().spread(), o.latencyMicros() == null ? 0 : o.latencyMicros().count());
        }
        result.table(table);

        List<String> labels = outcomes.stream().map(o -> o.config().label()).toList();
        Map<String, List<Double>> times = Charts.series();
        times.put("primes (no early stop possible)", outcomes.stream().map(o -> o.primes().median()).toList());
        times.put("semiprimes (stop when found)", outcomes.stream().map(o -> o.composites().median()).toList());
        result.chart(run.charts().bars("flags-time", String.format(Locale.ROOT, "Trial division near %.0e, %d worker JVMs: time by flag", (double) base, w),
                "flag mechanism and poll interval K (candidates)", "compute time (seconds)", labels, times, false));
        List<Outcome> stopping = outcomes.stream().filter(o -> o.latencyMicros() != null).toList();
        if (stopping.isEmpty()) {
            result.note("No stop latency: with one worker nobody else has to stop.");
        }
        Map<String, List<Double>> lat = Charts.series();
        lat.put("median", stopping.stream().map(o -> o.latencyMicros().median()).toList());
        lat.put("max", stopping.stream().map(o -> o.latencyMicros().max()).toList());
        if (!stopping.isEmpty()) {
            result.chart(run.charts().bars("flags-latency", "Stop latency: flag raised by the finder until the other worker JVM stops",
                    "flag mechanism and poll interval K (candidates)", "stop latency (microseconds, log scale)",
                    stopping.stream().map(o -> o.config().label()).toList(), lat, true));
        }

        for (Outcome o : outcomes) {
            if (o.config().flag().equals("none") || o.config().poll() != 4096) {
                continue;
            }
            Headline overhead = Headline.of(name(), "overhead on primes, " + o.config().label(), overhead(o, none).median(), "%",
                    "lower", o.primes().spread());
            // the goal is shmc's own flag in shared memory; the others are the copy-based comparison
            result.headline(o.config().flag().equals("shm") ? overhead.withGoal(new Headline.Goal("the stop flag costs at most 2 %", 2.0, true, false))
                    : overhead);
            if (o.latencyMicros() != null) {
                result.headline(Headline.of(name(), "stop latency, " + o.config().label() + ", median", o.latencyMicros().median(), "us", "lower",
                        Double.NaN));
            }
        }
        Outcome shm = outcomes.stream().filter(o -> o.config().flag().equals("shm") && o.config().poll() == 4096).findFirst().orElse(null);
        if (shm != null) {
            Stats over = overhead(shm, none);
            double overhead = over.median();
            result.note(String.format(Locale.ROOT, "Goal (issue #5): shared-memory flag overhead <= 2%% on primes (%.2f%%, repetitions %.2f%% to %.2f%%: %s) and stop latency "
                    + "<= 100 us (median %s). The no-flag baseline runs the same loop in the same batches of 4096 candidates, without the poll.",
                    overhead, over.min(), over.max(), overhead <= 2 ? "met" : "not met",
                    shm.latencyMicros() == null ? "n/a" : String.format(Locale.ROOT, "%.1f us: %s", shm.latencyMicros().median(),
                            shm.latencyMicros().median() <= 100 ? "met" : "not met")));
        }
        result.note("Overheads of a few percent are within the noise of a loaded 2-core machine; see the primes spread column.");
        Outcome slowest = outcomes.stream().max(Comparator.comparingDouble(o -> o.primes().median())).orElseThrow();
        result.note(String.format(Locale.ROOT, "Costliest flag on primes: %s (+%.1f%%).", slowest.config().label(),
                overhead(slowest, none).median()));
        return result;
    }

    /** The flag's place; the socket flag's (port and epoch) is made per job by {@link #runOne}. */
    private static String where(Config c, Path mapFile, Path flagFile) {
        return switch (c.flag()) {
            case "chronicle" -> mapFile.toString();
            case "file" -> flagFile.toString();
            default -> "";
        };
    }

    private static JobResult runOne(Engine engine, long n, Config c, int w, String where, FlagServer server, ChronicleMap<Long, Long> map,
                                    Path flagFile) throws Exception {
        map.remove(0L);
        try {
            Files.deleteIfExists(flagFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot lower the flag file " + flagFile, e);
        }
        String place = c.flag().equals("socket") ? server.port() + ":" + server.nextEpoch() : where;
        return engine.submit(FlagStudyKernel.spec(n, w, c.flag(), c.poll(), place)).await(JOB_TIMEOUT);
    }

    private static double computeSeconds(JobResult jr) {
        return (jr.word(4) - jr.word(3)) / 1e9;
    }

    private static long nextPrime(long from) {
        long n = from | 1;
        while (!MillerRabin.isPrime(n)) {
            n += 2;
        }
        return n;
    }
}
