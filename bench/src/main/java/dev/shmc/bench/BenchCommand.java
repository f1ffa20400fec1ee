package dev.shmc.bench;

import dev.shmc.bench.harness.Anchors;
import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.Machine;
import dev.shmc.bench.harness.Progress;
import dev.shmc.bench.harness.Size;
import dev.shmc.bench.harness.Summary;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.bench.suites.Suite;
import dev.shmc.cli.BadInputException;
import dev.shmc.cli.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shmc bench SUITE}: runs macro comparisons as whole processes side by side and writes a
 * CSV per table, PNG charts and summary.md into a results directory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Benchmark shared memory against copy-based IPC, side by side in one run, and write CSV, PNG charts and summary.md.",
        "Suites: dispatch (empty-job round trip vs loopback TCP), ipc (sum of 800 MB: shared memory vs pipes, sockets, serialization),",
        "modes (threads vs worker JVMs, 1..W), chunks (sieve chunk-size sweep, ordered vs randomized), flags (early-stop flag study),",
        "queue (work queue through a shared-memory MPMC queue vs pipes/sockets), results (jobs with 1-, 4096- and 1,000,000-word results),",
        "cluster (a job through members on loopback vs",
        "the single host), all (every suite, a few minutes)."},
        footer = {"", "Microbenchmarks (JMH): mvn -Pjmh -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar"})
public final class BenchCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUITE", description = "dispatch, ipc, modes, chunks, flags, queue, results, cluster or all.")
    String suite;

    @Option(names = "--out", paramLabel = "DIR", description = "Results directory (default: bench-results/<timestamp> under the current directory; never in /dev/shm).")
    Path out;

    @Option(names = "--anchors", description = "Also run ../shared/anchors/run-anchors.sh in this run (before and after the suites; the better "
            + "figure of the two counts) and report ratios against it.")
    boolean anchors;

    @Option(names = "--quick", description = "Smaller sizes (about a minute for all): trends, not figures to quote.")
    boolean quick;

    @Option(names = "--tiny", hidden = true, description = "Tiny sizes, for the smoke test.")
    boolean tiny;

    @Option(names = "--workers", paramLabel = "W", description = "Workers (W) for every suite (default: number of cores, ${sys:shmc.cores}).")
    Integer workers;

    @Option(names = "--reps", paramLabel = "N", description = "Repetitions of each key measurement (default: 3, --quick 2).")
    Integer reps;

    @Option(names = "--json", description = "Print one JSON object on stdout (files, headline figures) instead of the summary table.")
    boolean json;

    @Option(names = "--anchors-script", paramLabel = "FILE", hidden = true, description = "The anchors script (default: found from shmc.home).")
    Path anchorsScript;

    @Override
    public Integer call() throws IOException {
        List<Suite> chosen = choose(suite);
        Size size = tiny ? Size.TINY : quick ? Size.QUICK : Size.FULL;
        int w = workers != null ? workers : Math.max(2, Runtime.getRuntime().availableProcessors());
        if (w < 1 || w > 64) {
            throw new BadInputException("--workers must be between 1 and 64, got " + w);
        }
        int r = reps != null ? reps : size.pick(1, 2, 3);
        if (r < 1 || r > 100) {
            throw new BadInputException("--reps must be between 1 and 100, got " + r);
        }
        LocalDateTime started = LocalDateTime.now();
        Path dir = (out != null ? out : Path.of("bench-results", STAMP.format(started))).toAbsolutePath().normalize();
        if (dir.startsWith(Path.of("/dev/shm"))) {
            throw new BadInputException("--out must not be in /dev/shm (results are files to keep): " + dir);
        }
        Files.createDirectories(dir);
        Progress progress = new Progress(System.err, false);
        Machine machine = Machine.describe();
        Anchors anchorResult = Anchors.none();
        if (anchors) {
            Path script = anchorsScript != null ? anchorsScript : Anchors.findScript()
                    .orElseThrow(() -> new BadInputException("--anchors: cannot find ../shared/anchors/run-anchors.sh (from shmc.home "
                            + System.getProperty("shmc.home") + ")"));
            progress.line("anchors", "running " + script + " 1e9 " + w);
            anchorResult = Anchors.run(script, size == Size.TINY ? "1e7" : "1e9", w, 900, line -> progress.line("anchors", line));
            if (!anchorResult.status().equals("ok")) {
                progress.warn("anchors", anchorResult.status());
            }
        }
        String caption = String.format(Locale.ROOT, "%s; %s; load %s; shmc bench %s", machine.oneLine(),
                started.format(DateTimeFormatter.ISO_LOCAL_DATE), machine.loadAverage(), suite);
        Charts charts = new Charts(dir, caption);
        BenchRun run = new BenchRun(dir, size, w, r, machine, charts, progress, anchorResult);

        List<SuiteResult> results = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Suite s : chosen) {
            progress.line(s.name(), "start (" + size.name().toLowerCase(Locale.ROOT) + ", " + w + " workers, " + r + " reps)");
            long t0 = System.nanoTime();
            SuiteResult res;
            try {
                res = s.run(run);
            } catch (Exception e) {
                throw new IllegalStateException("suite " + s.name() + " failed: " + e, e);
            }
            res.seconds((System.nanoTime() - t0) / 1e9);
            results.add(res);
            for (Table t : res.tables()) {
                files.add(t.writeCsv(dir));
            }
            files.addAll(res.charts());
            progress.line(s.name(), String.format(Locale.ROOT, "done in %.0f s", res.seconds()));
        }
        if (anchors) {
            // a second anchors run after the suites: each figure is the better of the two (the machine is shared)
            Path script = anchorsScript != null ? anchorsScript : Anchors.findScript().orElseThrow();
            progress.line("anchors", "second run, after the suites");
            Anchors second = Anchors.run(script, size == Size.TINY ? "1e7" : "1e9", w, 900, line -> progress.line("anchors", line));
            anchorResult = Anchors.best(anchorResult, second);
            for (SuiteResult res : results) {
                Anchors merged = anchorResult;
                res.replaceHeadlines(res.headlines().stream().map(h -> h.reanchored(merged)).toList());
            }
        }
        if (anchorResult.ran()) {
            files.add(anchorResult.table().writeCsv(dir));
        }
        Table summaryTable = Summary.headlineTable(results);
        files.add(summaryTable.writeCsv(dir));
        String command = "shmc " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Path summary = Summary.write(dir, command, size.name().toLowerCase(Locale.ROOT), machine, Machine.loadAverageNow(),
                started.withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), progress.elapsedSeconds(), results, anchorResult);
        files.add(summary);

        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> heads = new ArrayList<>();
            for (SuiteResult res : results) {
                for (Headline h : res.headlines()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("suite", h.suite());
                    m.put("measure", h.measure());
                    m.put("value", finite(h.value()));
                    m.put("unit", h.unit());
                    m.put("better", h.better());
                    m.put("spread", finite(h.spread()));
                    m.put("anchor", h.anchor());
                    m.put("anchorValue", finite(h.anchorValue()));
                    m.put("ratio", finite(h.ratio()));
                    heads.add(m);
                }
            }
            o.println(new Json().put("suite", suite).put("out", dir.toString()).put("size", size.name().toLowerCase(Locale.ROOT))
                    .put("workers", w).put("seconds", progress.elapsedSeconds()).put("machine", machine.oneLine())
                    .put("anchors", anchorResult.status()).put("headlines", heads)
                    .put("files", files.stream().map(p -> dir.relativize(p).toString()).toList()));
        } else {
            o.println(summaryTable.markdown());
            o.println("Results in " + dir + " (summary.md, " + files.size() + " files)");
        }
        o.flush();
        return 0;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Suite> choose(String name) {
        List<Suite> all = Suite.all();
        if (name.equalsIgnoreCase("all")) {
            return all;
        }
        for (Suite s : all) {
            if (s.name().equalsIgnoreCase(name)) {
                return List.of(s);
            }
        }
        throw new BadInputException("unknown suite '" + name + "': use dispatch, ipc, modes, chunks, flags, queue, cluster or all");
    }
}
