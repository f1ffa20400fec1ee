package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.PeerProcess;
import dev.shmc.bench.harness.Stats;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.bench.peers.EchoPeer;
import dev.shmc.bench.peers.PingPong;
import dev.shmc.bench.peers.PingPongPeer;
import dev.shmc.bench.workloads.NoOpKernel;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import dev.shmc.shm.region.Processes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Round trip of an empty job to a warm pool of worker JVMs (submit to result, as the caller sees
 * it), against the same request and response over loopback TCP between JVMs, and the floor: one
 * value bounced through shared memory between two spinning JVMs.
 */
public final class DispatchSuite implements Suite {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);
    private static final long PING_TIMEOUT_NANOS = 5_000_000_000L;

    @Override
    public String name() {
        return "dispatch";
    }

    private record Row(String label, String transport, int peers, Stats stats) {
    }

    @Override
    public SuiteResult run(BenchRun run) throws Exception {
        int count = run.size().pick(60, 1000, 2000);
        int warmup = run.size().pick(20, 300, 500);
        double warmupSeconds = run.size().pick(0.05, 1.0, 2.0);
        int w = run.workers();
        SuiteResult result = new SuiteResult(name(), "Dispatch round trip",
                "An empty job (one one-unit chunk per worker) run on a warm engine, " + count + " times after "
                        + warmupSeconds + " s of warm-up jobs (the JIT compiles the job path in the coordinator and the workers),"
                        + " with Engine.run (the calling thread publishes the job) and with submit().await();"
                        + " against the same request/response over loopback TCP to peer JVMs"
                        + " (TCP_NODELAY, one connection per peer) and a bare shared-memory ping-pong between two spinning JVMs.");
        List<Row> rows = new ArrayList<>();
        Table table = new Table("dispatch", "transport", "mode", "api", "peers", "round trips", "median us", "p90 us", "p99 us", "min us",
                "max us", "engine-internal median us", "startup s");

        for (Mode mode : new Mode[] {Mode.PROCESSES, Mode.THREADS}) {
            for (int workers = 1; workers <= w; workers++) {
                if (mode == Mode.THREADS && workers != w) {
                    continue;
                }
                run.progress(name(), "engine " + mode.name().toLowerCase() + ", " + workers + " worker(s): " + count + " empty jobs");
                try (Engine engine = Engine.builder().mode(mode).workers(workers).build()) {
                    JobSpec spec = NoOpKernel.spec(workers);
                    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
                    while (System.nanoTime() - warmEnd < 0) {
                        engine.run(spec, JOB_TIMEOUT);
                        engine.submit(spec).await(JOB_TIMEOUT);
                    }
                    String transport = "engine (" + (mode == Mode.PROCESSES ? "worker JVMs" : "threads") + ")";
                    for (boolean viaRun : new boolean[] {true, false}) {
                        if (!viaRun && (mode != Mode.PROCESSES || workers != w)) {
                            continue;
                        }
                        long[] rtt = new long[count];
                        double[] internal = new double[count];
                        for (int i = 0; i < count; i++) {
                            long t0 = System.nanoTime();
                            JobResult r = viaRun ? engine.run(spec, JOB_TIMEOUT) : engine.submit(spec).await(JOB_TIMEOUT);
                            rtt[i] = System.nanoTime() - t0;
                            internal[i] = r.seconds() * 1e6;
                            if (r.word(0) != workers) {
                                throw new IllegalStateException("empty job computed " + r.word(0) + " units, expected " + workers);
                            }
                        }
                        Stats s = Stats.ofNanosAsMicros(rtt, count);
                        String api = viaRun ? "run" : "submit+await";
                        rows.add(new Row((mode == Mode.PROCESSES ? "engine JVMs " : "engine threads ") + workers + "w" + (viaRun ? "" : " submit"),
                                viaRun ? transport : transport + " submit", workers, s));
                        table.add(transport, mode.name().toLowerCase(), api, workers, count, s.median(), s.percentile(90), s.percentile(99),
                                s.min(), s.max(), Stats.of(internal).median(), engine.startupSeconds());
                    }
                }
            }
        }

        run.progress(name(), "shared-memory ping-pong with a peer JVM: " + count + " round trips");
        String region = "bench-pingpong-" + Processes.selfPid();
        try (PingPong pp = PingPong.create(region); PeerProcess peer = PeerProcess.start("pingpong", PingPongPeer.class, region)) {
            peer.readLine();
            try {
                for (int i = 0; i < warmup * 10; i++) {
                    check(pp.roundTrip(PING_TIMEOUT_NANOS));
                }
                long[] rtt = new long[count];
                for (int i = 0; i < count; i++) {
                    long t0 = System.nanoTime();
                    check(pp.roundTrip(PING_TIMEOUT_NANOS));
                    rtt[i] = System.nanoTime() - t0;
                }
                Stats s = Stats.ofNanosAsMicros(rtt, count);
                rows.add(new Row("shm ping-pong", "shared-memory ping-pong (no engine)", 1, s));
                table.add("shared-memory ping-pong (no engine)", "processes", null, 1, count, s.median(), s.percentile(90), s.percentile(99), s.min(),
                        s.max(), null, null);
            } finally {
                pp.stopPeer();
            }
        }

        for (int peers = 1; peers <= w; peers++) {
            run.progress(name(), "loopback TCP to " + peers + " peer JVM(s): " + count + " round trips");
            List<PeerProcess> started = new ArrayList<>();
            List<EchoPeer.Client> clients = new ArrayList<>();
            try {
                for (int p = 0; p < peers; p++) {
                    PeerProcess peer = PeerProcess.start("echo-" + p, EchoPeer.class);
                    started.add(peer);
                    clients.add(new EchoPeer.Client(Integer.parseInt(peer.readLine())));
                }
                for (int i = 0; i < warmup * 4; i++) {
                    tcpRoundTrip(clients);
                }
                long[] rtt = new long[count];
                for (int i = 0; i < count; i++) {
                    long t0 = System.nanoTime();
                    tcpRoundTrip(clients);
                    rtt[i] = System.nanoTime() - t0;
                }
                Stats s = Stats.ofNanosAsMicros(rtt, count);
                rows.add(new Row("TCP " + peers + (peers == 1 ? " peer" : " peers"), "loopback TCP request/response", peers, s));
                table.add("loopback TCP request/response", "processes", null, peers, count, s.median(), s.percentile(90), s.percentile(99), s.min(),
                        s.max(), null, null);
            } finally {
                for (EchoPeer.Client c : clients) {
                    c.close();
                }
                for (PeerProcess p : started) {
                    p.close();
                }
            }
        }

        result.table(table);
        List<String> labels = rows.stream().map(Row::label).toList();
        Map<String, List<Double>> series = Charts.series();
        series.put("median", rows.stream().map(r -> r.stats().median()).toList());
        series.put("p90", rows.stream().map(r -> r.stats().percentile(90)).toList());
        series.put("p99", rows.stream().map(r -> r.stats().percentile(99)).toList());
        result.chart(run.charts().bars("dispatch", "Dispatch round trip: empty job vs loopback TCP (" + count + " round trips)",
                "transport, workers or peers", "round trip (microseconds, log scale)", labels, series, true));

        Row engine = find(rows, "engine (worker JVMs)", w);
        Row tcp = find(rows, "loopback TCP request/response", w);
        if (engine != null) {
            Headline h = Headline.of(name(), "empty job round trip, " + w + " worker JVMs, median", engine.stats().median(), "us", "lower",
                    Double.NaN);
            result.headline(tcp != null ? h.against("loopback TCP to " + w + " peer JVMs (this run)", tcp.stats().median()) : h);
            result.headline(Headline.of(name(), "empty job round trip, " + w + " worker JVMs, p99", engine.stats().percentile(99), "us",
                    "lower", Double.NaN).against(tcp != null ? "loopback TCP p99 (this run)" : null,
                    tcp != null ? tcp.stats().percentile(99) : Double.NaN));
            Row submitted = find(rows, "engine (worker JVMs) submit", w);
            result.note(String.format(java.util.Locale.ROOT,
                    "Goal (issue #3): median under 50 us with %d warm worker JVMs: %s (Engine.run %.1f us%s).", w,
                    engine.stats().median() < 50 ? "met" : "not met", engine.stats().median(),
                    submitted == null ? "" : String.format(java.util.Locale.ROOT, ", submit().await() %.1f us", submitted.stats().median())));
        }
        return result;
    }

    private static Row find(List<Row> rows, String transport, int peers) {
        return rows.stream().filter(r -> r.transport().equals(transport) && r.peers() == peers).findFirst().orElse(null);
    }

    private static void tcpRoundTrip(List<EchoPeer.Client> clients) throws java.io.IOException {
        for (EchoPeer.Client c : clients) {
            c.send();
        }
        for (EchoPeer.Client c : clients) {
            c.receive();
        }
    }

    private static void check(boolean answered) {
        if (!answered) {
            throw new IllegalStateException("the ping-pong peer did not answer within 5 s");
        }
    }
}
