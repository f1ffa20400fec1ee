package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.PeerProcess;
import dev.shmc.bench.harness.Stats;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.bench.peers.SumPeer;
import dev.shmc.bench.workloads.SliceSumKernel;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.Mode;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.region.Processes;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The same work, a sum of a large double array by W worker JVMs, with the data reaching the
 * workers through shared memory (they read it in place) or copied to them: through pipes with
 * DataOutputStream, loopback TCP with DataOutputStream, loopback TCP with NIO bulk buffers, and
 * Java serialization of arrays through pipes. Each worker sums its half; the time runs from the
 * first byte sent (or the job submitted) to the last sum received.
 */
public final class IpcSuite implements Suite {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    /** A copy-based transport is not repeated once its repetitions took this long. */
    private static final double SLOW_SECONDS = 8;

    @Override
    public String name() {
        return "ipc";
    }

    /** One copy-based transport: a peer per worker and a way to send it arrays. */
    private enum Copy {
        PIPE_DATA("pipe, DataOutputStream", "pipe", "data"),
        TCP_DATA("TCP, DataOutputStream", "tcp", "data"),
        TCP_NIO("TCP, NIO bulk ByteBuffer", "tcp", "nio"),
        PIPE_SERIAL("pipe, Java serialization of double[]", "pipe", "serial");

        final String label;
        final String transport;
        final String encoding;

        Copy(String label, String transport, String encoding) {
            this.label = label;
            this.transport = transport;
            this.encoding = encoding;
        }
    }

    @Override
    public SuiteResult run(BenchRun run) throws Exception {
        int w = run.workers();
        int chunk = run.size().pick(50_000, 1_000_000, 1_000_000);
        int chunks = run.size().pick(8, 24, 100);
        long length = (long) chunk * chunks;
        long bytes = length * 8;
        int reps = run.reps();
        SuiteResult result = new SuiteResult(name(), "Shared memory vs copy-based IPC",
                String.format(Locale.ROOT, "Sum of %,d doubles (%.0f MB) by %d worker JVMs, each summing its half, %d repetitions "
                        + "(median; spread = (max-min)/median; a transport is not repeated after 8 s). Shared memory: the array is in a region the warm engine's workers map; "
                        + "nothing is copied. Copy-based: the array lives on the heap as %d arrays of %,d doubles and is sent to peer "
                        + "JVMs that sum what they receive.", length, bytes / 1e6, w, reps, chunks, chunk));
        double expected = expectedSum(chunk) * chunks;

        Table table = new Table("ipc", "transport", "workers", "bytes", "median s", "min s", "max s", "GB/s", "time / shared memory",
                "spread");
        List<String> labels = new ArrayList<>();
        List<Double> gbps = new ArrayList<>();

        // ---------------------------------------------------------- shared memory
        String arrayName = "bench-ipc-" + Processes.selfPid();
        double shmMedian;
        run.progress(name(), String.format(Locale.ROOT, "filling a shared array of %.0f MB", bytes / 1e6));
        double[][] data = new double[chunks][];
        for (int c = 0; c < chunks; c++) {
            data[c] = new double[chunk];
            for (int i = 0; i < chunk; i++) {
                data[c][i] = i % 1000;
            }
        }
        try (SharedDoubleArray array = SharedDoubleArray.create(arrayName, length);
             Engine engine = Engine.builder().mode(Mode.PROCESSES).workers(w).build()) {
            for (int c = 0; c < chunks; c++) {
                array.copyFrom(data[c], 0, (long) c * chunk, chunk);
            }
            run.progress(name(), "shared memory: first job (workers attach and map the pages)");
            JobResult first = engine.submit(SliceSumKernel.spec(arrayName, length, w)).await(JOB_TIMEOUT);
            checkSum(first.doubleWord(0), expected, "shared memory");
            for (int i = 0; i < 2; i++) {
                engine.submit(SliceSumKernel.spec(arrayName, length, w)).await(JOB_TIMEOUT); // the JIT compiles the summing loop
            }
            double[] times = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                JobResult jr = engine.submit(SliceSumKernel.spec(arrayName, length, w)).await(JOB_TIMEOUT);
                times[r] = (System.nanoTime() - t0) / 1e9;
                checkSum(jr.doubleWord(0), expected, "shared memory");
            }
            Stats s = Stats.of(times);
            shmMedian = s.median();
            run.progress(name(), String.format(Locale.ROOT, "shared memory: %.4f s (%.1f GB/s)", s.median(), bytes / s.median() / 1e9));
            table.add("shared memory (first job: attach + page faults)", w, bytes, first.seconds(), first.seconds(), first.seconds(),
                    bytes / first.seconds() / 1e9, first.seconds() / shmMedian, Double.NaN);
            table.add("shared memory (engine, warm)", w, bytes, s.median(), s.min(), s.max(), bytes / s.median() / 1e9, 1.0, s.spread());
            labels.add("shared memory");
            gbps.add(bytes / s.median() / 1e9);
            result.headline(Headline.of(name(), String.format(Locale.ROOT, "sum of %.0f MB by %d worker JVMs, shared memory",
                    bytes / 1e6, w), bytes / s.median() / 1e9, "GB/s", "higher", s.spread()).againstAnchor(run.anchors(),
                    "c-bandwidth.t" + w + ".gbps", "C OpenMP sum over /dev/shm, " + w + " threads"));
            if (run.anchors().get("numpy.shm.gbps").isPresent() && length == 100_000_000L && w == 2) {
                result.headline(Headline.of(name(), "sum of 800 MB by 2 workers, shared memory (vs NumPy)", bytes / s.median() / 1e9,
                        "GB/s", "higher", s.spread()).againstAnchor(run.anchors(), "numpy.shm.gbps", "NumPy shared_memory, 2 processes"));
            }
        }

        // ---------------------------------------------------------- copy-based
        double bestCopy = Double.MAX_VALUE;
        String bestCopyLabel = null;
        for (Copy copy : Copy.values()) {
            run.progress(name(), copy.label + ": starting " + w + " peer JVMs");
            List<PeerProcess> peers = new ArrayList<>();
            List<Link> links = new ArrayList<>();
            ExecutorService senders = Executors.newFixedThreadPool(w);
            try {
                for (int p = 0; p < w; p++) {
                    PeerProcess peer = PeerProcess.start("sum-" + copy.name().toLowerCase(Locale.ROOT) + "-" + p, SumPeer.class, "512m",
                            List.of(), copy.transport, copy.encoding);
                    peers.add(peer);
                    links.add(Link.open(copy, peer));
                }
                // warm-up: two arrays per worker, so the JIT has compiled both ends
                sendAll(senders, links, data, Math.min(2, chunks / w), w);
                List<Double> times = new ArrayList<>();
                double spent = 0;
                // a transport tens of times slower than shared memory needs no third decimal: stop repeating after SLOW_SECONDS
                for (int r = 0; r < reps && spent < SLOW_SECONDS; r++) {
                    long t0 = System.nanoTime();
                    double sum = sendAll(senders, links, data, chunks / w, w);
                    double t = (System.nanoTime() - t0) / 1e9;
                    times.add(t);
                    spent += t;
                    checkSum(sum, expectedSum(chunk) * (chunks / w) * w, copy.label);
                }
                Stats s = Stats.of(times.stream().mapToDouble(Double::doubleValue).toArray());
                run.progress(name(), String.format(Locale.ROOT, "%s: %.3f s (%.2f GB/s)", copy.label, s.median(), bytes / s.median() / 1e9));
                table.add(copy.label, w, bytes, s.median(), s.min(), s.max(), bytes / s.median() / 1e9, s.median() / shmMedian,
                        s.count() > 1 ? s.spread() : Double.NaN);
                labels.add(copy.label);
                gbps.add(bytes / s.median() / 1e9);
                result.headline(Headline.of(name(), "same sum, " + copy.label, bytes / s.median() / 1e9, "GB/s", "higher",
                        s.count() > 1 ? s.spread() : Double.NaN)
                        .against("shared memory (this run)", bytes / shmMedian / 1e9));
                if (s.median() < bestCopy) {
                    bestCopy = s.median();
                    bestCopyLabel = copy.label;
                }
            } finally {
                senders.shutdownNow();
                for (Link l : links) {
                    l.close();
                }
                for (PeerProcess p : peers) {
                    p.close();
                }
            }
        }
        if (run.anchors().get("numpy.copy.gbps").isPresent() && length == 100_000_000L && w == 2) {
            result.headline(Headline.of(name(), "sum of 800 MB by 2 workers, fastest copy-based (" + bestCopyLabel + ")",
                    bytes / bestCopy / 1e9, "GB/s", "higher", Double.NaN).againstAnchor(run.anchors(), "numpy.copy.gbps",
                    "NumPy pickled through pipes, 2 processes"));
        }
        result.note(String.format(Locale.ROOT, "Fastest copy-based transport: %s, %.1fx the shared-memory time.", bestCopyLabel,
                bestCopy / shmMedian));
        result.table(table);
        Map<String, List<Double>> series = Charts.series();
        series.put("effective GB/s", gbps);
        result.chart(run.charts().bars("ipc", String.format(Locale.ROOT, "Sum of %.0f MB by %d worker JVMs: data in shared memory vs copied",
                bytes / 1e6, w), "how the data reaches the workers", "effective throughput (GB/s, log scale)", labels, series, true));
        return result;
    }

    /** Sum of one chunk of values i % 1000 (exact in double). */
    private static double expectedSum(int chunk) {
        double s = 0;
        for (int i = 0; i < chunk; i++) {
            s += i % 1000;
        }
        return s;
    }

    private static void checkSum(double got, double expected, String what) {
        if (got != expected) {
            throw new IllegalStateException(what + ": sum " + got + ", expected " + expected);
        }
    }

    /** Sends {@code perWorker} arrays to each worker (worker p gets arrays p*perWorker ...), in parallel; returns the total of their sums. */
    private static double sendAll(ExecutorService senders, List<Link> links, double[][] data, int perWorker, int w) throws Exception {
        List<Future<Double>> sums = new ArrayList<>();
        for (int p = 0; p < w; p++) {
            Link link = links.get(p);
            int first = p * perWorker;
            sums.add(senders.submit(() -> link.sum(data, first, perWorker)));
        }
        double total = 0;
        for (Future<Double> f : sums) {
            total += f.get(10, TimeUnit.MINUTES);
        }
        return total;
    }

    /** The sender's end of one peer. */
    private interface Link extends AutoCloseable {
        /** Sends arrays [first, first+count) of {@code data}; returns the peer's sum. */
        double sum(double[][] data, int first, int count) throws IOException;

        @Override
        void close() throws IOException;

        static Link open(Copy copy, PeerProcess peer) throws IOException {
            return switch (copy) {
                case PIPE_DATA -> new DataLink(peer.stdin(), peer.stdout(), null);
                case TCP_DATA -> {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(peer.readLine()));
                    s.setTcpNoDelay(true);
                    yield new DataLink(s.getOutputStream(), s.getInputStream(), s);
                }
                case TCP_NIO -> new NioLink(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(peer.readLine()))));
                case PIPE_SERIAL -> new SerialLink(peer.stdin(), peer.stdout());
            };
        }
    }

    /** DataOutputStream.writeDouble per element, through a 64 KiB buffer. */
    private static final class DataLink implements Link {
        private final DataOutputStream out;
        private final DataInputStream in;
        private final Socket socket;

        DataLink(OutputStream out, InputStream in, Socket socket) {
            this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            this.in = new DataInputStream(in);
            this.socket = socket;
        }

        @Override
        public double sum(double[][] data, int first, int count) throws IOException {
            long n = 0;
            for (int c = first; c < first + count; c++) {
                n += data[c].length;
            }
            out.writeLong(n);
            for (int c = first; c < first + count; c++) {
                for (double v : data[c]) {
                    out.writeDouble(v);
                }
            }
            out.flush();
            return in.readDouble();
        }

        @Override
        public void close() throws IOException {
            out.close();
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** A SocketChannel and a 1 MiB direct buffer filled in bulk through a DoubleBuffer view. */
    private static final class NioLink implements Link {
        private final SocketChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
        private final ByteBuffer small = ByteBuffer.allocate(8);

        NioLink(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public double sum(double[][] data, int first, int count) throws IOException {
            long n = 0;
            for (int c = first; c < first + count; c++) {
                n += data[c].length;
            }
            small.clear();
            small.putLong(0, n);
            writeFully(small);
            int perBuffer = buf.capacity() / 8;
            for (int c = first; c < first + count; c++) {
                double[] a = data[c];
                for (int off = 0; off < a.length; off += perBuffer) {
                    int len = Math.min(perBuffer, a.length - off);
                    buf.clear();
                    buf.asDoubleBuffer().put(a, off, len);
                    buf.limit(len * 8);
                    writeFully(buf);
                }
            }
            small.clear();
            while (small.hasRemaining()) {
                if (ch.read(small) < 0) {
                    throw new IOException("peer closed the connection");
                }
            }
            return small.getDouble(0);
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** ObjectOutputStream.writeObject of each double[] (reset after each, as a message queue would). */
    private static final class SerialLink implements Link {
        private final ObjectOutputStream out;
        private final DataInputStream in;

        SerialLink(OutputStream out, InputStream in) throws IOException {
            this.out = new ObjectOutputStream(new BufferedOutputStream(out, 1 << 16));
            this.in = new DataInputStream(in);
        }

        @Override
        public double sum(double[][] data, int first, int count) throws IOException {
            out.writeInt(count);
            for (int c = first; c < first + count; c++) {
                out.writeObject(data[c]);
                out.reset();
            }
            out.flush();
            return in.readDouble();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
