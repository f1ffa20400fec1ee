package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.CMonteCarlo;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Commands;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.PeerProcess;
import dev.shmc.bench.harness.PrimesieveProfile;
import dev.shmc.bench.harness.Stats;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.bench.workloads.SieveTiersMain;
import dev.shmc.bench.workloads.VectorWidthMain;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.PiJobKernel;
import dev.shmc.engine.jobs.PrimeCountKernel;
import dev.shmc.kernels.montecarlo.PiKernels;
import dev.shmc.kernels.primes.SegmentedSieve;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.incubator.vector.LongVector;

/**
 * The book's comparison: in series (one thread, the caller's: no pool), threads, and worker
 * processes, 1 to W workers, on the same kernels over the same shared memory: Monte Carlo pi
 * (scalar, vector and ND4J kernels) and the segmented sieve. Time is the job's wall time (submit to
 * result) on a warm engine; engine start-up is reported apart.
 */
public final class ModesSuite implements Suite {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    private static final long SEED = 20_240_611L;
    /** pi(10^k) for checking the sieve. */
    private static final Map<Long, Long> PI_OF_POWERS = Map.of(1_000_000L, 78_498L, 10_000_000L, 664_579L, 100_000_000L, 5_761_455L,
            1_000_000_000L, 50_847_534L, 10_000_000_000L, 455_052_511L);
    /** Where the high window starts: near 1e15 the large, bucketed sieving primes do most of the work. */
    private static final long HIGH_FROM = 1_000_000_000_000_000L;
    /** The primes in [1e15, 1e15 + w] for the windows w the suite uses (primesieve 1e15 --dist=w). */
    private static final Map<Long, Long> PRIMES_IN_HIGH_WINDOW = Map.of(10_000_000L, 289_394L, 1_000_000_000L, 28_946_421L,
            10_000_000_000L, 289_531_946L);
    private static final String HIGH = "sieve near 1e15";
    private static final Pattern PRIMESIEVE_SECONDS = Pattern.compile("Seconds: ([0-9.]+)");

    @Override
    public String name() {
        return "modes";
    }

    /** {@code reproducible}: the answer must be the same in every mode and worker count (not so for nd4j). */
    private record Workload(String name, String unit, double units, JobSpec spec, JobSpec warmup, boolean reproducible) {
    }

    /** Series first (the book's baseline), then threads and worker JVMs. */
    private static final Mode[] MODES = {Mode.INLINE, Mode.THREADS, Mode.PROCESSES};

    private static String label(Mode mode) {
        return switch (mode) {
            case INLINE -> "series";
            case THREADS -> "threads";
            case PROCESSES -> "worker JVMs";
        };
    }

    private record Measured(Workload workload, Mode mode, int workers, Stats seconds, long answer) {
        double rate() {
            return workload.units() / seconds.median();
        }
    }

    @Override
    public SuiteResult run(BenchRun run) throws Exception {
        // the best C SIMD anchor of the anchors script's run, built here to run next to each vector job with its samples
        boolean wide = run.anchors().get("c-simd8.w1.rate").orElse(-1) > run.anchors().get("c-avx2.w1.rate").orElse(-1);
        Optional<CMonteCarlo> cSimd = run.anchors().directory().flatMap(d -> CMonteCarlo.compile(d, wide));
        try {
            return run(run, cSimd.orElse(null));
        } finally {
            cSimd.ifPresent(CMonteCarlo::close);
        }
    }

    /**
     * The suite, with {@code cSimd} (null without {@code --anchors} or a compiler) as the vector
     * kernel's paired anchor.
     */
    private SuiteResult run(BenchRun run, CMonteCarlo cSimd) throws Exception {
        int w = run.workers();
        long samples = run.size().pick(1L << 21, 50_000_000L, 200_000_000L);
        long sieveTo = run.size().pick(1_000_000L, 1_000_000_000L, 10_000_000_000L);
        long highWindow = run.size().pick(10_000_000L, 1_000_000_000L, 10_000_000_000L);
        int reps = run.reps();
        // sized by time, not by count: on a fast machine a fixed count makes jobs too short to mean anything
        Map<String, Long> piSamples = sizePiByTime(run, samples);
        long scalarN = piSamples.get("scalar");
        long vectorN = piSamples.get("vector");
        long nd4jN = piSamples.get("nd4j");
        List<Workload> workloads = List.of(
                new Workload("pi scalar", "samples", scalarN, PiJobKernel.spec(scalarN, SEED, "scalar"),
                        PiJobKernel.spec(scalarN / 8, SEED, "scalar"), true),
                new Workload("pi vector", "samples", vectorN, PiJobKernel.spec(vectorN, SEED, "vector"),
                        PiJobKernel.spec(vectorN / 8, SEED, "vector"), true),
                new Workload("pi nd4j", "samples", nd4jN, PiJobKernel.spec(nd4jN, SEED, "nd4j"),
                        PiJobKernel.spec(nd4jN / 8, SEED, "nd4j"), false),
                new Workload("sieve", "numbers", sieveTo, PrimeCountKernel.spec(0, sieveTo, 0, false), PrimeCountKernel.spec(0, sieveTo / 10, 0, false),
                        true),
                new Workload(HIGH, "numbers", highWindow, PrimeCountKernel.spec(HIGH_FROM, HIGH_FROM + highWindow, 0, false),
                        PrimeCountKernel.spec(HIGH_FROM, HIGH_FROM + highWindow / 10, 0, false), true));
        // the anchors of the worker JVMs' jobs with 1 and W workers, run by this suite after each of the job's repetitions, with
        // the same size and workers: primesieve for both sieve jobs, the C SIMD program for the vector kernel (by "workload/workers")
        Map<String, Stats> paired = new HashMap<>();
        SuiteResult result = new SuiteResult(name(), "Series vs threads vs worker processes",
                String.format(Locale.ROOT, "Monte Carlo pi (scalar kernel %,d samples, vector %,d, ND4J %,d: each sized so that its job "
                        + "with %d worker JVMs lasts about %.1f s) and counting the primes up to "
                        + "%,d (the primesieve anchor's bound): in series (the calling thread, no pool), and with 1 to %d workers as threads in this JVM or as worker JVMs; "
                        + "%d repetitions on a warm engine after a smaller warm-up job (median). With 1 and %d worker JVMs each repetition is followed by its "
                        + "anchor, the same size: primesieve for the sieve jobs and, with --anchors, the best C SIMD program for the vector kernel; "
                        + "the goals compare median with median.", scalarN, vectorN, nd4jN, w, targetSeconds(run),
                        sieveTo, w, reps, w));
        Table table = new Table("modes", "workload", "mode", "workers", "median s", "min s", "max s", "rate (units/s)", "unit",
                "speedup vs 1 worker", "spread", "answer", "engine startup s");
        List<Measured> all = new ArrayList<>();
        Map<String, Double> oneWorker = new HashMap<>();
        for (Mode mode : MODES) {
            for (int workers = 1; workers <= (mode == Mode.INLINE ? 1 : w); workers++) {
                run.progress(name(), mode.name().toLowerCase(Locale.ROOT) + ", " + workers + " worker(s): starting the engine");
                try (Engine engine = Engine.builder().mode(mode).workers(workers).build()) {
                    for (Workload wl : workloads) {
                        engine.submit(wl.warmup()).await(JOB_TIMEOUT);
                        double[] times = new double[reps];
                        double[] anchor = mode == Mode.PROCESSES && (workers == 1 || workers == w) ? new double[reps] : null;
                        long answer = 0;
                        for (int r = 0; r < reps; r++) {
                            JobResult jr = engine.submit(wl.spec()).await(JOB_TIMEOUT);
                            if (jr.status() != JobStatus.COMPLETED) {
                                throw new IllegalStateException(wl.name() + " ended " + jr.status());
                            }
                            times[r] = jr.seconds();
                            answer = jr.word(0);
                            if (anchor != null) {
                                // interleaved: a burst of other work on the machine falls on both sides alike
                                anchor[r] = pairedAnchor(wl, workers, cSimd, sieveTo, highWindow);
                                if (Double.isNaN(anchor[r])) {
                                    anchor = null;
                                }
                            }
                        }
                        Stats s = Stats.of(times);
                        Measured m = new Measured(wl, mode, workers, s, answer);
                        all.add(m);
                        String key = wl.name() + "/" + mode;
                        if (workers == 1) {
                            oneWorker.put(key, s.median());
                        }
                        run.progress(name(), String.format(Locale.ROOT, "  %s: %.3f s (%.3g %s/s)", wl.name(), s.median(), m.rate(), wl.unit()));
                        table.add(wl.name(), label(mode), workers, s.median(), s.min(), s.max(), m.rate(), wl.unit(),
                                oneWorker.getOrDefault(key, Double.NaN) / s.median(), s.spread(), answer, engine.startupSeconds());
                        if (anchor != null) {
                            Stats a = Stats.of(anchor);
                            paired.put(wl.name() + "/" + workers, a);
                            run.progress(name(), String.format(Locale.ROOT, "  %s, interleaved: %.4g %s", wl.name().equals("pi vector")
                                    ? cSimd.name() : "primesieve -t" + workers, a.median(), wl.name().equals("pi vector") ? "Msamples/s" : "s"));
                        }
                    }
                }
            }
        }
        result.table(table);
        checkAnswers(all, sieveTo, highWindow, result);
        OptionalDouble ps1 = paired.containsKey("sieve/1") ? OptionalDouble.of(paired.get("sieve/1").median())
                : run.anchors().get("primesieve.limit").orElse(-1) == sieveTo ? run.anchors().get("primesieve.t1.seconds") : OptionalDouble.empty();
        String gapLow = sieveTiers(run, 0, sieveTo, ps1, result);
        String gapHigh = sieveTiers(run, HIGH_FROM, HIGH_FROM + highWindow,
                paired.containsKey(HIGH + "/1") ? OptionalDouble.of(paired.get(HIGH + "/1").median()) : OptionalDouble.empty(), result);
        vectorWidths(run, vectorN / w, result);

        List<String> categories = new ArrayList<>();
        for (Mode mode : MODES) {
            for (int workers = 1; workers <= (mode == Mode.INLINE ? 1 : w); workers++) {
                categories.add(mode == Mode.INLINE ? "series" : label(mode) + ", " + workers + "w");
            }
        }
        Map<String, List<Double>> pi = Charts.series();
        for (String k : new String[] {"pi scalar", "pi vector", "pi nd4j"}) {
            pi.put(k, all.stream().filter(m -> m.workload().name().equals(k)).map(m -> m.rate() / 1e6).toList());
        }
        result.chart(run.charts().bars("modes-pi", "Monte Carlo pi, jobs sized by time: series vs threads vs worker JVMs",
                "mode and workers", "throughput (million samples per second)", categories, pi, false));
        Map<String, List<Double>> sieve = Charts.series();
        sieve.put("count primes <= " + String.format(Locale.ROOT, "%.0e", (double) sieveTo),
                all.stream().filter(m -> m.workload().name().equals("sieve")).map(m -> m.seconds().median()).toList());
        result.chart(run.charts().bars("modes-sieve", String.format(Locale.ROOT, "Segmented sieve up to %,d: series vs threads vs worker JVMs", sieveTo),
                "mode and workers", "time (seconds)", categories, sieve, false));

        // headlines against the anchors (same run)
        for (Measured m : all) {
            if (m.mode() != Mode.PROCESSES || (m.workers() != w && m.workers() != 1)) {
                continue;
            }
            String who = m.workers() + " worker JVM" + (m.workers() > 1 ? "s" : "");
            switch (m.workload().name()) {
                case "pi nd4j" -> {
                    Headline h = Headline.of(name(), "pi nd4j, " + who, m.rate() / 1e6, "Msamples/s", "higher", m.seconds().spread());
                    OptionalDouble np = run.anchors().get("numpy.pcg64.rate");
                    OptionalDouble procs = run.anchors().get("numpy.pcg64.procs");
                    if (np.isPresent() && procs.isPresent() && procs.getAsDouble() > 0) {
                        // NumPy's rate per process, times this run's workers: like with like
                        h = h.against("NumPy PCG64 per process x " + m.workers(), np.getAsDouble() / procs.getAsDouble() * m.workers());
                    }
                    result.headline(h.withGoal(new Headline.Goal("at least NumPy's speed per process", 1.0, false, true)));
                }
                case "pi scalar" -> result.headline(anchor(run, Headline.of(name(), "pi scalar, " + who, m.rate() / 1e6, "Msamples/s",
                        "higher", m.seconds().spread()), "c-xoshiro.w" + m.workers() + ".rate", "C xoshiro256+, " + m.workers() + " process(es)"));
                case "pi vector" -> {
                    // the best C SIMD anchor of the run: AVX2 (4 lanes) or mc-simd.c at 8 lanes (512-bit where the CPU has AVX-512),
                    // run next to each job with its samples; the anchors script's figure (1e9 samples, best of 2) when it could not be
                    Headline h = Headline.of(name(), "pi vector, " + who, m.rate() / 1e6, "Msamples/s", "higher", m.seconds().spread());
                    Stats c = paired.get("pi vector/" + m.workers());
                    if (c != null) {
                        h = h.against(cSimd.name() + ", " + m.workers() + " process(es), same samples, interleaved", c.median());
                    } else {
                        String avx2 = "c-avx2.w" + m.workers() + ".rate";
                        String simd8 = "c-simd8.w" + m.workers() + ".rate";
                        boolean wide = run.anchors().get(simd8).orElse(-1) > run.anchors().get(avx2).orElse(-1);
                        h = anchor(run, h, wide ? simd8 : avx2, (wide ? "C 8-lane SIMD xoshiro256+, " : "C AVX2 xoshiro256+, ") + m.workers()
                                + " process(es)");
                    }
                    result.headline(h.withGoal(new Headline.Goal("at least the best C SIMD anchor", 1.0, false, true)));
                }
                case HIGH -> {
                    Headline h = Headline.of(name(), String.format(Locale.ROOT, "primes in [1e15, 1e15 + %.0e], %s", (double) highWindow, who),
                            m.seconds().median(), "s", "lower", m.seconds().spread());
                    Stats ps = paired.get(HIGH + "/" + m.workers());
                    if (ps != null) {
                        h = h.against("primesieve -t" + m.workers() + ", same window, interleaved", ps.median());
                    }
                    result.headline(h.withGoal(new Headline.Goal("within 1.5x primesieve near 1e15", 1.5, true, true).left(gapHigh)));
                }
                default -> {
                    Headline h = Headline.of(name(), String.format(Locale.ROOT, "primes <= %.0e, %s", (double) sieveTo, who), m.seconds().median(),
                            "s", "lower", m.seconds().spread());
                    Stats ps = paired.get("sieve/" + m.workers());
                    if (ps != null) {
                        h = h.against("primesieve -t" + m.workers() + ", interleaved", ps.median());
                    } else if (run.anchors().get("primesieve.limit").orElse(-1) == sieveTo) {
                        h = anchor(run, h, "primesieve.t" + m.workers() + ".seconds", "primesieve -t" + m.workers());
                    }
                    result.headline(h.withGoal(new Headline.Goal("within 1.3x primesieve", 1.3, true, true).left(gapLow)));
                }
            }
        }
        result.note(String.format(Locale.ROOT, "The vector kernel counted with %s (the Vector API prefers %d-bit vectors here; -Dshmc.pi.vectorBits chooses).",
                PiKernels.vectorBits() == 512 ? "one 512-bit vector per 8 samples" : "two 256-bit vectors per 8 samples",
                LongVector.SPECIES_PREFERRED.vectorBitSize()));
        for (Workload wl : workloads) {
            Measured series = find(all, wl.name(), Mode.INLINE, 1);
            Measured t = find(all, wl.name(), Mode.THREADS, w);
            Measured p = find(all, wl.name(), Mode.PROCESSES, w);
            if (series != null && t != null && p != null) {
                result.note(String.format(Locale.ROOT, "%s: %d threads are %.2fx as fast as in series, %d worker JVMs %.2fx.", wl.name(), w,
                        series.seconds().median() / t.seconds().median(), w, series.seconds().median() / p.seconds().median()));
            }
            if (t != null && p != null) {
                result.note(String.format(Locale.ROOT, "%s with %d workers: worker JVMs take %.2fx the time of threads.", wl.name(), w,
                        p.seconds().median() / t.seconds().median()));
            }
        }
        return result;
    }

    /**
     * Where one thread's sieve time goes, tier by tier ({@link SegmentedSieve#TIERS}), counting the
     * primes in [from, to], measured in a JVM of its own with {@code -Dshmc.primes.tierTimes=true}
     * after a warm-up, next to primesieve's single-thread time for the same range from this run
     * ({@code primesieve}, when there is one) and, where perf can profile primesieve, next to
     * primesieve's own time in each tier ({@link PrimesieveProfile}): so that the next gap to
     * close is visible. Returns that gap in a few words for the goals' verdicts, or null when
     * primesieve's tiers were not profiled.
     */
    private String sieveTiers(BenchRun run, long from, long to, OptionalDouble primesieveTime, SuiteResult result) {
        // primesieve reports milliseconds: a tiny range reads 0.000 s, which is no figure to divide by
        OptionalDouble primesieve = primesieveTime.isPresent() && primesieveTime.getAsDouble() > 0 ? primesieveTime : OptionalDouble.empty();
        String range = from == 0 ? String.format(Locale.ROOT, "primes up to %,d", to)
                : String.format(Locale.ROOT, "primes in [%,d, %,d]", from, to);
        run.progress(name(), "sieve tiers: " + range + " in one thread, timed by tier");
        String line;
        try (PeerProcess peer = PeerProcess.start("sieve-tiers", SieveTiersMain.class, "512m", List.of("-Dshmc.primes.tierTimes=true"),
                Long.toString(to), Long.toString(from))) {
            line = peer.readLine();
        }
        String[] f = line.trim().split(" ");
        double total = Long.parseLong(f[2]) / 1e9;
        // primesieve's own time by tier, from a profile of one single-thread run on the same range
        if (primesieve.isPresent()) {
            run.progress(name(), "  profiling primesieve -t1 on the same range (perf), for its time by tier");
        }
        Optional<PrimesieveProfile> profiled = primesieve.isPresent() ? PrimesieveProfile.measure(from, to, JOB_TIMEOUT.toSeconds())
                : Optional.empty();
        // its shares of this run's primesieve time, so that the tiers add up to the ratio the goal reads
        Optional<PrimesieveProfile> profile = profiled.map(pp -> pp.scaledTo(primesieve.getAsDouble()));
        Table tiers = new Table(from == 0 ? "sieve-tiers" : "sieve-tiers-high", "tier", "seconds", "share of the total %",
                "primesieve seconds (its profile's shares of the interleaved time)", "ratio to primesieve");
        List<String> against = new ArrayList<>();
        List<String> gap = new ArrayList<>();
        for (int i = 0; i < SegmentedSieve.TIERS.size(); i++) {
            double t = Long.parseLong(f[3 + i]) / 1e9;
            Double theirs = profile.isPresent() && i < PrimesieveProfile.TIERS ? profile.get().tiers()[i] : null;
            Double ratio = theirs != null && theirs > 0 ? t / theirs : null;
            tiers.add(SegmentedSieve.TIERS.get(i), t, 100 * t / total, theirs, ratio);
            against.add(ratio == null ? String.format(Locale.ROOT, "%s %.3f s", SegmentedSieve.TIERS.get(i), t)
                    : String.format(Locale.ROOT, "%s %.3f s against %.3f s (%.2fx)", SegmentedSieve.TIERS.get(i), t, theirs, ratio));
            if (ratio != null && t >= 0.05 * total) {
                // the tiers that carry the time, by their first words ("medium primes")
                String tier = SegmentedSieve.TIERS.get(i);
                gap.add(String.format(Locale.ROOT, "%s %.2fx", tier.contains(" (") ? tier.substring(0, tier.indexOf(" (")) : tier, ratio));
            }
        }
        profile.ifPresent(pp -> tiers.add("primesieve outside these tiers", null, null, pp.other(), null));
        tiers.add("total (one thread)", total, 100.0, profile.map(PrimesieveProfile::seconds).orElse(null),
                profile.map(pp -> total / pp.seconds()).orElse(null));
        result.table(tiers);
        String vectors = f.length > 3 + SegmentedSieve.TIERS.size() && f[3 + SegmentedSieve.TIERS.size()].equals("vectors") ? "a vector at a time"
                : "a word at a time";
        String anchor = primesieve.isPresent() ? String.format(Locale.ROOT, ", %.2fx primesieve -t1 of this run (%.3f s)",
                total / primesieve.getAsDouble(), primesieve.getAsDouble()) : "";
        String how = profiled.map(pp -> String.format(Locale.ROOT, "by tier, against primesieve's time in its functions for each tier"
                + " (their shares of perf's cpu-clock samples of one more run, which took %.3f s, applied to the %.3f s above;"
                + " %.1f %% of its samples fell outside these tiers)", pp.seconds(), primesieve.getAsDouble(), 100 * pp.other() / pp.seconds()))
                .orElse(primesieve.isPresent() ? "by tier (primesieve's own tiers were not profiled: perf is missing or failed)" : "by tier");
        result.note(String.format(Locale.ROOT, "Sieve tiers, %s in one thread (%s primes, pre-sieve %s): %.3f s in all%s; %s: %s.", range, f[1],
                vectors, total, anchor, how, String.join(", ", against)));
        return gap.isEmpty() ? null : "in one thread, by tier against primesieve's: " + String.join(", ", gap) + " (Sieve tiers, below);"
                + " why: README, Performance (the code C2 makes of the crossing-off loops)";
    }

    /**
     * The vector π kernel in one thread at 256 and at 512 bits ({@code -Dshmc.pi.vectorBits}), each
     * in a JVM of its own, alternately, {@code run.reps()} times each: where the CPU has 512-bit
     * vectors the kernel uses them by default, and this says whether that is the faster choice.
     * Elsewhere the Vector API would run 512-bit vectors in Java, so it is skipped unless
     * {@code -Dshmc.bench.vectorWidths=true}. The two widths must count the same points.
     */
    private void vectorWidths(BenchRun run, long samples, SuiteResult result) {
        int preferred = LongVector.SPECIES_PREFERRED.vectorBitSize();
        if (preferred < 512 && !Boolean.getBoolean("shmc.bench.vectorWidths")) {
            result.note(String.format(Locale.ROOT, "Vector widths: this CPU's preferred vectors are %d-bit, so the 512-bit path of the vector kernel "
                    + "(which the Vector API would run in Java here) is not timed; where the CPU has AVX-512 this suite times both.", preferred));
            return;
        }
        int[] widths = {256, 512};
        double[][] rates = new double[widths.length][run.reps()];
        long[] inside = new long[widths.length];
        for (int r = 0; r < run.reps(); r++) {
            for (int i = 0; i < widths.length; i++) {
                run.progress(name(), String.format(Locale.ROOT, "vector widths: %d-bit, one thread, %,d samples (%d of %d)", widths[i], samples, r + 1,
                        run.reps()));
                String line;
                try (PeerProcess peer = PeerProcess.start("vector-" + widths[i], VectorWidthMain.class, "256m",
                        List.of("-Dshmc.pi.vectorBits=" + widths[i]), Long.toString(samples), Long.toString(SEED))) {
                    line = peer.readLine();
                }
                String[] f = line.trim().split(" ");
                if (Integer.parseInt(f[0]) != widths[i]) {
                    throw new IllegalStateException("the vector kernel counted with " + f[0] + "-bit vectors, not " + widths[i]);
                }
                inside[i] = Long.parseLong(f[1]);
                rates[i][r] = samples / (Long.parseLong(f[2]) / 1e9);
            }
        }
        if (inside[0] != inside[1]) {
            throw new IllegalStateException("the vector kernel counted " + inside[0] + " points at 256 bits and " + inside[1] + " at 512");
        }
        Table table = new Table("vector-widths", "vector bits", "median Msamples/s", "min", "max", "points inside");
        Stats[] stats = new Stats[widths.length];
        for (int i = 0; i < widths.length; i++) {
            stats[i] = Stats.of(rates[i]);
            table.add(widths[i], stats[i].median() / 1e6, stats[i].min() / 1e6, stats[i].max() / 1e6, inside[i]);
        }
        result.table(table);
        double ratio = stats[1].median() / stats[0].median();
        int faster = ratio >= 1 ? 512 : 256;
        int chosen = PiKernels.vectorBits(); // what the kernel uses in this JVM, by default the preferred width
        result.note(String.format(Locale.ROOT, "Vector widths, one thread, %,d samples, alternately in fresh JVMs, %d each: 256-bit %.0f M samples/s, "
                + "512-bit %.0f M samples/s (512 / 256 = %.2f), the same %,d points inside; %d-bit is faster here, and this JVM's kernel uses %d-bit%s.",
                samples, run.reps(), stats[0].median() / 1e6, stats[1].median() / 1e6, ratio, inside[0], faster, chosen,
                chosen == faster ? "" : " (-Dshmc.pi.vectorBits=" + faster + " chooses the faster)"));
    }

    /**
     * The anchor of one repetition of {@code wl} with {@code workers} worker JVMs, the same size:
     * primesieve's time for the sieve jobs, the C SIMD program's rate for the vector kernel (when
     * {@code cSimd} is there); NaN for the other workloads or when the anchor cannot run.
     */
    private static double pairedAnchor(Workload wl, int workers, CMonteCarlo cSimd, long sieveTo, long highWindow) {
        return switch (wl.name()) {
            case "sieve" -> primesieveSeconds(0, sieveTo, workers);
            case HIGH -> primesieveSeconds(HIGH_FROM, HIGH_FROM + highWindow, workers);
            case "pi vector" -> cSimd == null ? Double.NaN : cSimd.rate((long) wl.units(), workers, JOB_TIMEOUT.toSeconds()).orElse(Double.NaN);
            default -> Double.NaN;
        };
    }

    /**
     * primesieve's time for the primes in [from, to] with {@code threads} threads, as it reports it
     * ({@code --time}); NaN when primesieve is not installed or fails.
     */
    private static double primesieveSeconds(long from, long to, int threads) {
        Matcher m = PRIMESIEVE_SECONDS.matcher(Commands.output(List.of("primesieve", Long.toString(from), Long.toString(to),
                "-t" + threads, "--time"), JOB_TIMEOUT.toSeconds()).orElse(""));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** How long a sized pi job should last with all workers: none for the smoke test's tiny run. */
    private static double targetSeconds(BenchRun run) {
        return run.size().pick(0.0, 0.3, 1.5);
    }

    /**
     * Samples for each pi kernel such that its job on {@code run.workers()} worker JVMs lasts about
     * {@link #targetSeconds}: measured from {@code start} samples up, on a warm engine, at most three
     * tries each; two significant digits. A tiny run keeps {@code start}.
     */
    private Map<String, Long> sizePiByTime(BenchRun run, long start) throws Exception {
        Map<String, Long> sized = new LinkedHashMap<>();
        double target = targetSeconds(run);
        String[] kernels = {"scalar", "vector", "nd4j"};
        if (target <= 0) {
            for (String k : kernels) {
                sized.put(k, start);
            }
            return sized;
        }
        run.progress(name(), "sizing the pi jobs to about " + target + " s with " + run.workers() + " worker JVMs");
        try (Engine engine = Engine.builder().mode(Mode.PROCESSES).workers(run.workers()).build()) {
            for (String k : kernels) {
                long n = start;
                engine.submit(PiJobKernel.spec(n / 8, SEED, k)).await(JOB_TIMEOUT);
                for (int attempt = 0; attempt < 3; attempt++) {
                    double t = engine.submit(PiJobKernel.spec(n, SEED, k)).await(JOB_TIMEOUT).seconds();
                    if (t >= 0.8 * target) {
                        break;
                    }
                    n = twoDigits((long) (n * Math.min(50.0, 1.1 * target / Math.max(t, 1e-3))));
                }
                sized.put(k, n);
                run.progress(name(), String.format(Locale.ROOT, "  pi %s: %,d samples", k, n));
            }
        }
        return sized;
    }

    /** {@code n} rounded to two significant digits. */
    private static long twoDigits(long n) {
        long scale = 1;
        while (n / scale >= 100) {
            scale *= 10;
        }
        return Math.max(1, Math.round((double) n / scale)) * scale;
    }

    private static Headline anchor(BenchRun run, Headline h, String key, String name) {
        return h.againstAnchor(run.anchors(), key, name);
    }

    private static Measured find(List<Measured> all, String workload, Mode mode, int workers) {
        return all.stream().filter(m -> m.workload().name().equals(workload) && m.mode() == mode && m.workers() == workers).findFirst()
                .orElse(null);
    }

    /** The kernels are exact: every mode and worker count must give the same answer. */
    private static void checkAnswers(List<Measured> all, long sieveTo, long highWindow, SuiteResult result) {
        Map<String, Long> first = new LinkedHashMap<>();
        for (Measured m : all) {
            if (!m.workload().reproducible()) {
                continue;
            }
            Long seen = first.putIfAbsent(m.workload().name(), m.answer());
            if (seen != null && seen != m.answer()) {
                throw new IllegalStateException(m.workload().name() + ": " + m.mode() + " with " + m.workers() + " workers gave " + m.answer()
                        + ", another run gave " + seen);
            }
        }
        Long known = PI_OF_POWERS.get(sieveTo);
        if (known != null && !known.equals(first.get("sieve"))) {
            throw new IllegalStateException("sieve counted " + first.get("sieve") + " primes up to " + sieveTo + ", expected " + known);
        }
        Long knownHigh = PRIMES_IN_HIGH_WINDOW.get(highWindow);
        if (knownHigh != null && !knownHigh.equals(first.get(HIGH))) {
            throw new IllegalStateException("sieve counted " + first.get(HIGH) + " primes in [1e15, 1e15 + " + highWindow + "], expected " + knownHigh);
        }
        result.note("Every mode and worker count gave the same answers (pi scalar and vector: points inside; sieve: " + first.get("sieve")
                + " primes" + (known != null ? ", as known" : "") + "; near 1e15: " + first.get(HIGH) + (knownHigh != null ? ", as primesieve counts" : "")
                + "). The nd4j kernel draws its own, statistically valid, stream per worker.");
    }
}
