package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.Stats;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.bench.workloads.ResultSizeKernel;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a large result costs: the same job (8 one-unit chunks, nearly no compute) with results of 1,
 * 4096 and 1,000,000 words, on a warm pool of worker JVMs. Results of up to 14 words travel in the
 * control region; larger ones in the job's results file, so the difference is the file (created
 * and removed per job), the words written and the coordinator's combine. The sizes are
 * interleaved job by job so that the machine's noise falls on all of them alike.
 */
public final class ResultsSuite implements Suite {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
    private static final int[] WORDS = {1, 4096, 1_000_000};
    private static final int CHUNKS = 8;

    @Override
    public String name() {
        return "results";
    }

    @Override
    public SuiteResult run(BenchRun run) throws Exception {
        int rounds = run.size().pick(10, 60, 150);
        int w = run.workers();
        SuiteResult result = new SuiteResult(name(), "Result size",
                "A job of " + CHUNKS + " one-unit chunks computing nearly nothing, with a result of 1, 4096 and 1,000,000 longs per chunk,"
                        + " on " + w + " warm worker JVMs; " + rounds + " rounds, the three sizes interleaved in each round.");
        Table table = new Table("results", "result words", "bytes per chunk", "jobs", "median ms", "p90 ms", "min ms", "max ms",
                "x the 1-word job", "ns per word");
        List<Stats> stats = new ArrayList<>();
        run.progress(name(), rounds + " rounds of " + WORDS.length + " jobs on " + w + " worker JVMs");
        try (Engine engine = Engine.builder().mode(Mode.PROCESSES).workers(w).build()) {
            for (int words : WORDS) { // warm-up: the JIT compiles the result path for each size
                for (int i = 0; i < 5; i++) {
                    check(engine.run(ResultSizeKernel.spec(words, CHUNKS), JOB_TIMEOUT), words);
                }
            }
            long[][] nanos = new long[WORDS.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < WORDS.length; k++) {
                    long t0 = System.nanoTime();
                    JobResult job = engine.run(ResultSizeKernel.spec(WORDS[k], CHUNKS), JOB_TIMEOUT);
                    nanos[k][r] = System.nanoTime() - t0;
                    check(job, WORDS[k]);
                }
            }
            for (long[] n : nanos) {
                double[] ms = new double[n.length];
                for (int i = 0; i < n.length; i++) {
                    ms[i] = n[i] / 1e6;
                }
                stats.add(Stats.of(ms));
            }
        }
        double base = stats.get(0).median();
        for (int k = 0; k < WORDS.length; k++) {
            Stats s = stats.get(k);
            double perWord = k == 0 ? Double.NaN : (s.median() - base) * 1e6 / ((double) WORDS[k] * CHUNKS);
            table.add(WORDS[k], (long) WORDS[k] * Long.BYTES, s.count(), s.median(), s.percentile(90), s.min(), s.max(), s.median() / base,
                    k == 0 ? null : perWord);
        }
        result.table(table);
        Map<String, List<Double>> series = Charts.series();
        series.put("median", stats.stream().map(Stats::median).toList());
        series.put("p90", stats.stream().map(s -> s.percentile(90)).toList());
        result.chart(run.charts().bars("results", "Job time by result size (" + CHUNKS + " chunks, " + w + " worker JVMs)", "result words",
                "job time (ms, log scale)", List.of("1", "4096", "1,000,000"), series, true));
        for (int k = 1; k < WORDS.length; k++) {
            result.headline(Headline.of(name(), WORDS[k] + "-word result job, median", stats.get(k).median(), "ms", "lower",
                    stats.get(k).spread()).against("the 1-word job (this run)", base));
        }
        result.note(String.format(Locale.ROOT, "Per extra word of result (written by a worker, read and added by the coordinator):"
                + " %.2f ns at 4096 words, %.2f ns at 1,000,000 words.",
                (stats.get(1).median() - base) * 1e6 / (4096.0 * CHUNKS), (stats.get(2).median() - base) * 1e6 / (1e6 * CHUNKS)));
        return result;
    }

    private static void check(JobResult r, int words) {
        if (r.words().length != words || r.word(0) != CHUNKS || r.word(words - 1) != CHUNKS * (long) words) {
            throw new IllegalStateException("result of " + words + " words is wrong: " + r);
        }
    }
}
