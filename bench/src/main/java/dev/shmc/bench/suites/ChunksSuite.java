package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Schedule;
import dev.shmc.engine.jobs.PrimeCountKernel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The book's figures on chunking: counting primes with W worker JVMs while sweeping the number of
 * chunks (and so the chunk size), with chunks claimed in order from the shared cursor or in a
 * seeded random order; plus the kernel's default chunk size.
 */
public final class ChunksSuite implements Suite {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String name() {
        return "chunks";
    }

    private record Point(Schedule schedule, long chunks, long chunkSize, double seconds, long count) {
    }

    @Override
    public SuiteResult run(BenchRun run) throws Exception {
        int w = run.workers();
        long to = run.size().pick(10_000_000L, 1_000_000_000L, 10_000_000_000L);
        long[] chunkCounts = run.size().pick(new long[] {2, 8, 64}, new long[] {2, 8, 32, 128, 512, 2048, 8192},
                new long[] {2, 8, 32, 128, 512, 2048, 8192});
        Schedule[] schedules = {Schedule.DYNAMIC, Schedule.RANDOMIZED};
        SuiteResult result = new SuiteResult(name(), "Chunk size and number of chunks (sieve)",
                String.format(Locale.ROOT, "Counting the primes up to %,d with %d worker JVMs, cut into 2 to %,d chunks; chunks claimed "
                        + "in order from the shared cursor (dynamic) or in a seeded random order (randomized). Best of %d run(s) per point "
                        + "after a warm-up job, both schedules at each point before the next.", to, w, chunkCounts[chunkCounts.length - 1],
                run.size().pick(1, 1, 2)));
        int reps = run.size().pick(1, 1, 2);
        Table table = new Table("chunks", "schedule", "chunks", "chunk size (numbers)", "best s", "worst s", "numbers/s (best)", "primes");
        List<Point> points = new ArrayList<>();
        double defaultSeconds;
        long defaultChunks;
        try (Engine engine = Engine.builder().mode(Mode.PROCESSES).workers(w).build()) {
            // warm-up at full size: the default point is measured first and must not pay for the JIT
            engine.submit(PrimeCountKernel.spec(0, to, 0, false)).await(JOB_TIMEOUT);
            JobResult def = engine.submit(PrimeCountKernel.spec(0, to, 0, false)).await(JOB_TIMEOUT);
            double defaultWorst = def.seconds();
            defaultSeconds = def.seconds();
            for (int r = 1; r < reps; r++) {
                double t = engine.submit(PrimeCountKernel.spec(0, to, 0, false)).await(JOB_TIMEOUT).seconds();
                defaultSeconds = Math.min(defaultSeconds, t);
                defaultWorst = Math.max(defaultWorst, t);
            }
            defaultChunks = def.chunks();
            long expected = def.word(0);
            table.add("default (dynamic)", def.chunks(), ceilDiv(to + 1, def.chunks()), defaultSeconds, defaultWorst, to / defaultSeconds,
                    def.word(0));
            run.progress(name(), String.format(Locale.ROOT, "default chunking: %d chunks, %.3f s", def.chunks(), defaultSeconds));
            // point-major (both schedules at one chunk count, then the next), best of the repetitions: a burst of other
            // work on the machine then shows as one slow repetition, not as a bent curve
            for (long chunks : chunkCounts) {
                for (Schedule schedule : schedules) {
                    long size = ceilDiv(to + 1, chunks);
                    JobSpec spec = JobSpec.builder(PrimeCountKernel.class).units(0, to + 1).chunkSize(size).schedule(schedule).seed(7)
                            .param("to", to).param("sum", false).label("primes").build();
                    double best = Double.MAX_VALUE;
                    double worst = 0;
                    long realChunks = 0;
                    for (int r = 0; r < reps; r++) {
                        JobResult jr = engine.submit(spec).await(JOB_TIMEOUT);
                        if (jr.word(0) != expected) {
                            throw new IllegalStateException(chunks + " chunks (" + schedule + ") counted " + jr.word(0) + " primes, expected "
                                    + expected);
                        }
                        best = Math.min(best, jr.seconds());
                        worst = Math.max(worst, jr.seconds());
                        realChunks = jr.chunks();
                    }
                    points.add(new Point(schedule, realChunks, size, best, expected));
                    table.add(schedule.name().toLowerCase(Locale.ROOT), realChunks, size, best, worst, to / best, expected);
                    run.progress(name(), String.format(Locale.ROOT, "%s, %d chunks of %,d: %.3f s (best of %d)",
                            schedule.name().toLowerCase(Locale.ROOT), realChunks, size, best, reps));
                }
            }
        }
        result.table(table);

        Map<String, double[][]> bySize = Charts.series();
        Map<String, double[][]> byCount = Charts.series();
        for (Schedule s : schedules) {
            List<Point> ps = points.stream().filter(p -> p.schedule() == s).toList();
            double[] size = ps.stream().mapToDouble(Point::chunkSize).toArray();
            double[] count = ps.stream().mapToDouble(Point::chunks).toArray();
            double[] secs = ps.stream().mapToDouble(Point::seconds).toArray();
            String label = s == Schedule.DYNAMIC ? "in order (dynamic)" : "randomized";
            bySize.put(label, new double[][] {size, secs});
            byCount.put(label, new double[][] {count, secs});
        }
        bySize.put("default chunk size", new double[][] {{ceilDiv(to + 1, defaultChunks)}, {defaultSeconds}});
        byCount.put("default chunk size", new double[][] {{defaultChunks}, {defaultSeconds}});
        result.chart(run.charts().lines("chunks-size", String.format(Locale.ROOT, "Primes up to %,d, %d worker JVMs: time vs chunk size", to, w),
                "chunk size (numbers per chunk, log scale)", "time (seconds)", bySize, true, false));
        result.chart(run.charts().lines("chunks-count", String.format(Locale.ROOT, "Primes up to %,d, %d worker JVMs: time vs number of chunks",
                to, w), "number of chunks (log scale)", "time (seconds)", byCount, true, false));

        Point best = points.stream().min((a, b) -> Double.compare(a.seconds(), b.seconds())).orElseThrow();
        Point worst = points.stream().max((a, b) -> Double.compare(a.seconds(), b.seconds())).orElseThrow();
        Headline h = Headline.of(name(), String.format(Locale.ROOT, "primes <= %.0e, %d worker JVMs, default chunks (%d)", (double) to, w,
                defaultChunks), defaultSeconds, "s", "lower", Double.NaN);
        if (run.anchors().get("primesieve.limit").orElse(-1) == to) {
            h = h.againstAnchor(run.anchors(), "primesieve.t" + w + ".seconds", "primesieve -t" + w);
        }
        result.headline(h);
        result.headline(Headline.of(name(), String.format(Locale.ROOT, "best of the sweep: %s, %d chunks of %,d numbers",
                best.schedule().name().toLowerCase(Locale.ROOT), best.chunks(), best.chunkSize()), best.seconds(), "s", "lower", Double.NaN)
                .against("default chunking (this run)", defaultSeconds));
        result.note(String.format(Locale.ROOT, "Slowest point: %s with %d chunks, %.2fx the best.", worst.schedule().name().toLowerCase(Locale.ROOT),
                worst.chunks(), worst.seconds() / best.seconds()));
        return result;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
