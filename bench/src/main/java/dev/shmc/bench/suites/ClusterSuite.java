package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.PeerProcess;
import dev.shmc.bench.harness.Stats;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.cli.Main;
import dev.shmc.cluster.ClusterKey;
import dev.shmc.cluster.ShmcCluster;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.PiJobKernel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of the cluster path against the single-host path on the same machine: the same seeded
 * pi job on a warm local engine with W worker JVMs, and through a cluster client to members on
 * loopback, first one member with W workers (the cluster layer's own cost: client, pieces, round
 * trips, a job per piece on the member's engine), then two members with W/2 workers each (the
 * same workers, split over two member JVMs). Runs are interleaved (local, then each cluster, per
 * repetition) so that a noisy machine slows all of them alike; the ratio is taken per repetition.
 * A small job shows the fixed cost of a cluster job. The members and the client share a key made
 * for the run (in a private temporary directory, removed afterwards), so every request and answer
 * is sealed as in any cluster.
 */
public final class ClusterSuite implements Suite {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    private static final long SEED = 20_261_122L;

    @Override
    public String name() {
        return "cluster";
    }

    /** The run's cluster key: its file (for the members) and the key (for the client). */
    private record Key(java.nio.file.Path file, ClusterKey key) {
    }

    /** One way to run the jobs: a label, the runner, and its times per job size. */
    private record Path(String label, JobRunner runner, Map<String, List<Double>> seconds) {
    }

    @Override
    public SuiteResult run(BenchRun run) throws Exception {
        int w = run.workers();
        long samples = run.size().pick(1L << 23, 500_000_000L, 2_500_000_000L);
        long smallSamples = 1L << 22;
        int reps = run.reps();
        int smallReps = run.size().pick(3, 10, 20);
        String cluster = "bench-" + ProcessHandle.current().pid();
        SuiteResult result = new SuiteResult(name(), "Cluster path vs single host",
                String.format(Locale.ROOT, "Monte Carlo pi (vector kernel, seed fixed) over %,d samples: on a warm local engine with %d "
                        + "worker JVMs, and through a Hazelcast client to shmc members on loopback (1 member with %d workers; 2 members "
                        + "with %d each); %d interleaved repetitions after a warm-up job, ratio per repetition. Then %d jobs of %,d "
                        + "samples for the fixed cost per job.", samples, w, w, Math.max(1, w / 2), reps, smallReps, smallSamples));
        List<PeerProcess> peers = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        java.nio.file.Path keyDir = Files.createTempDirectory("shmc-bench-cluster-"); // 0700: the key is private
        Key key = new Key(keyDir.resolve("cluster.key"), ClusterKey.generate(keyDir.resolve("cluster.key")));
        try (Engine local = Engine.builder().mode(Mode.PROCESSES).workers(w).build()) {
            paths.add(new Path("single host, " + w + " workers", local, new LinkedHashMap<>()));
            run.progress(name(), "starting 1 member with " + w + " workers");
            paths.add(new Path("cluster, 1 member x " + w + " workers", connect(cluster + "-1", startMembers(cluster + "-1", 1, w, key,
                    peers), key), new LinkedHashMap<>()));
            if (w >= 2) {
                run.progress(name(), "starting 2 members with " + w / 2 + " workers each");
                paths.add(new Path("cluster, 2 members x " + w / 2 + " workers", connect(cluster + "-2",
                        startMembers(cluster + "-2", 2, w / 2, key, peers), key), new LinkedHashMap<>()));
            }
            JobSpec big = PiJobKernel.spec(samples, SEED, "vector");
            JobSpec small = PiJobKernel.spec(smallSamples, SEED, "vector");
            for (Path p : paths) {
                p.runner().submit(PiJobKernel.spec(samples / 4, SEED + 1, "vector")).await(JOB_TIMEOUT); // JIT warm-up everywhere
            }
            long answer = measure(run, paths, big, "big", reps, true);
            measure(run, paths, small, "small", smallReps, false);
            report(run, result, paths, samples, smallSamples);
            result.note("Every path gave the same count of points inside (" + answer + " for the big job): pieces do not change results.");
        } finally {
            for (int i = 1; i < paths.size(); i++) {
                paths.get(i).runner().close();
            }
            for (PeerProcess p : peers) {
                stop(p);
            }
            Files.deleteIfExists(key.file());
            Files.deleteIfExists(keyDir);
        }
        return result;
    }

    /** Runs {@code spec} {@code reps} times on every path, interleaved; records the times under {@code key}; returns the answer. */
    private long measure(BenchRun run, List<Path> paths, JobSpec spec, String key, int reps, boolean verbose) throws Exception {
        Long answer = null;
        for (int r = 0; r < reps; r++) {
            for (Path p : paths) {
                JobResult jr = p.runner().submit(spec).await(JOB_TIMEOUT);
                answer = check(jr, answer, p.label());
                p.seconds().computeIfAbsent(key, k -> new ArrayList<>()).add(jr.seconds());
                if (verbose) {
                    run.progress(name(), String.format(Locale.ROOT, "  rep %d, %s: %.3f s", r + 1, p.label(), jr.seconds()));
                }
            }
        }
        return answer;
    }

    private static Long check(JobResult jr, Long answer, String label) {
        if (jr.status() != JobStatus.COMPLETED) {
            throw new IllegalStateException(label + ": job ended " + jr.status());
        }
        if (answer != null && answer != jr.word(0)) {
            throw new IllegalStateException(label + " counted " + jr.word(0) + " points inside, another path " + answer);
        }
        return jr.word(0);
    }

    private void report(BenchRun run, SuiteResult result, List<Path> paths, long samples, long smallSamples) {
        Table table = new Table("cluster", "path", "job", "samples", "median s", "min s", "max s", "ratio vs single host (median)",
                "ratio min", "ratio max", "overhead s (median)");
        List<Double> base = paths.get(0).seconds().get("big");
        List<Double> smallBase = paths.get(0).seconds().get("small");
        Map<String, List<Double>> chart = Charts.series();
        List<String> categories = new ArrayList<>();
        List<Double> medians = new ArrayList<>();
        for (Path p : paths) {
            for (String job : new String[] {"big", "small"}) {
                List<Double> t = p.seconds().get(job);
                List<Double> b = job.equals("big") ? base : smallBase;
                double[] ratios = new double[t.size()];
                double[] diffs = new double[t.size()];
                for (int i = 0; i < t.size(); i++) {
                    ratios[i] = t.get(i) / b.get(i);
                    diffs[i] = t.get(i) - b.get(i);
                }
                Stats s = Stats.of(t.stream().mapToDouble(Double::doubleValue).toArray());
                Stats ratio = Stats.of(ratios);
                table.add(p.label(), job, job.equals("big") ? samples : smallSamples, s.median(), s.min(), s.max(), ratio.median(),
                        ratio.min(), ratio.max(), Stats.of(diffs).median());
                if (job.equals("big")) {
                    categories.add(p.label());
                    medians.add(s.median());
                    if (p != paths.get(0)) {
                        // the ratio per repetition (runs interleaved), not of medians: the machine's load moves both alike
                        result.headline(Headline.of(name(), "pi " + String.format(Locale.ROOT, "%.1e", (double) samples) + ", " + p.label()
                                + " / single host, time ratio", ratio.median(), "x", "lower", ratio.spread()));
                        result.note(String.format(Locale.ROOT, "%s: %.3f times the single-host time (per repetition %.3f to %.3f), "
                                + "%+.3f s.", p.label(), ratio.median(), ratio.min(), ratio.max(), Stats.of(diffs).median()));
                    }
                } else if (p != paths.get(0)) {
                    result.note(String.format(Locale.ROOT, "%s, a %,d-sample job: %.1f ms vs %.1f ms on the single host (fixed cost "
                            + "per cluster job about %.1f ms).", p.label(), smallSamples, s.median() * 1e3,
                            Stats.of(smallBase.stream().mapToDouble(Double::doubleValue).toArray()).median() * 1e3,
                            Stats.of(diffs).median() * 1e3));
                }
            }
        }
        result.table(table);
        chart.put("median seconds", medians);
        result.chart(run.charts().bars("cluster", String.format(Locale.ROOT, "Monte Carlo pi, %,d samples: single host vs cluster on "
                + "loopback", samples), "path", "time (seconds)", categories, chart, false));
    }

    /** Starts {@code n} members of {@code cluster} on loopback, each with {@code workers} workers; returns their addresses. */
    private static List<String> startMembers(String cluster, int n, int workers, Key key, List<PeerProcess> peers) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                addresses.add("127.0.0.1:" + s.getLocalPort());
            }
        }
        List<PeerProcess> started = new ArrayList<>();
        for (String a : addresses) {
            PeerProcess p = PeerProcess.start("member-" + a, Main.class, "384m", List.of(), "member", "--cluster", cluster, "--members",
                    String.join(",", addresses), "--bind", a, "--workers", Integer.toString(workers), "--key", key.file().toString(),
                    "--stop-on-stdin-eof");
            peers.add(p);
            started.add(p);
        }
        for (PeerProcess p : started) {
            String line = p.readLine();
            if (!line.startsWith("shmc member: ")) {
                throw new IllegalStateException(p + " printed '" + line + "' instead of its ready line");
            }
        }
        return addresses;
    }

    private static ShmcCluster connect(String cluster, List<String> members, Key key) {
        ShmcCluster c = ShmcCluster.connect(cluster, members, key.key(), e -> System.err.println("cluster: " + e));
        long end = System.nanoTime() + 30_000_000_000L;
        while (c.memberAddresses().size() < members.size() && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return c;
    }

    /** Lets a member leave by itself (stdin closed: it shuts down its engine and region), then makes sure it is gone. */
    private static void stop(PeerProcess p) {
        try {
            p.stdin().close();
        } catch (IOException ignored) {
            // gone already
        }
        p.awaitExit(15);
        p.close();
    }
}
