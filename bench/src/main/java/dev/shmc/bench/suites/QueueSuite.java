package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchConfig;
import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.Charts;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.PeerProcess;
import dev.shmc.bench.harness.Stats;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Table;
import dev.shmc.bench.peers.QueuePeer;
import dev.shmc.kernels.primes.MillerRabin;
import dev.shmc.shm.queue.SharedQueue;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.sync.IdleStrategy;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The book's queue of work: candidate numbers in, primes out, a poison pill per worker to end a
 * round. Through two bounded MPMC {@link SharedQueue}s in shared memory (workers take what they
 * can: dynamic balance), against the same traffic over per-worker pipes or loopback sockets with
 * each number a serialized message, and over pipes as a batched stream of longs (the copy-based
 * best case, not a queue: nothing is delivered until a buffer fills).
 */
public final class QueueSuite implements Suite {
    private static final long START = 1_000_000_000_001L;
    private static final int CAPACITY = 1024;
    private static final long EMPTY = Long.MIN_VALUE;
    private static final long ROUND_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

    @Override
    public String name() {
        return "queue";
    }

    private enum Transport {
        SHM("shared memory: SharedQueue (bounded MPMC, 1024 slots)"),
        PIPE_SERIAL("pipes: serialized Long per message"),
        TCP_SERIAL("TCP: serialized Long per message"),
        PIPE_DATA("pipes: DataOutputStream, batched (not a queue)");

        final String label;

        Transport(String label) {
            this.label = label;
        }
    }

    private record Round(long primes, long sum) {
    }

    @Override
    public SuiteResult run(BenchRun run) throws Exception {
        int w = run.workers();
        int items = run.size().pick(2_000, 100_000, 300_000);
        int reps = run.reps();
        long expectedPrimes = 0;
        long expectedSum = 0;
        for (int i = 0; i < items; i++) {
            long v = START + 2L * i;
            if (MillerRabin.isPrime(v)) {
                expectedPrimes++;
                expectedSum += v;
            }
        }
        SuiteResult result = new SuiteResult(name(), "Queue of work: shared-memory MPMC queue vs copy-based queues",
                String.format(Locale.ROOT, "%,d odd candidates from %,d through %d worker JVMs that test each (Miller-Rabin) and return the "
                        + "primes (%,d of them); a poison pill per worker ends a round; %d rounds (median).", items, START, w, expectedPrimes, reps));
        Table table = new Table("queue", "transport", "workers", "items", "median s", "min s", "max s", "items/s", "us per item",
                "time / shared memory", "spread");
        List<String> labels = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        double shmMedian = Double.NaN;
        for (Transport t : Transport.values()) {
            run.progress(name(), t.label + ": " + w + " workers, " + items + " items x " + reps);
            double[] times = new double[reps];
            try (Setup setup = Setup.start(t, w)) {
                setup.round(Math.min(items, 2_000)); // warm-up
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    Round round = setup.round(items);
                    times[r] = (System.nanoTime() - t0) / 1e9;
                    if (round.primes() != expectedPrimes || round.sum() != expectedSum) {
                        throw new IllegalStateException(t.label + ": " + round.primes() + " primes (sum " + round.sum() + "), expected "
                                + expectedPrimes + " (sum " + expectedSum + ")");
                    }
                }
            }
            Stats s = Stats.of(times);
            if (t == Transport.SHM) {
                shmMedian = s.median();
            }
            run.progress(name(), String.format(Locale.ROOT, "  %.3f s, %.0f items/s", s.median(), items / s.median()));
            table.add(t.label, w, items, s.median(), s.min(), s.max(), items / s.median(), s.median() / items * 1e6, s.median() / shmMedian,
                    s.spread());
            labels.add(t.label);
            rates.add(items / s.median());
            Headline h = Headline.of(name(), "queue of work, " + t.label, items / s.median(), "items/s", "higher", s.spread());
            result.headline(t == Transport.SHM ? h : h.against("SharedQueue (this run)", items / shmMedian));
        }
        result.table(table);
        Map<String, List<Double>> series = Charts.series();
        series.put("items per second", rates);
        result.chart(run.charts().bars("queue", String.format(Locale.ROOT, "Queue of work: %,d candidates through %d worker JVMs", items, w),
                "transport", "throughput (items per second, log scale)", labels, series, true));
        return result;
    }

    /** The peers of one transport and the bench's ends of their channels. */
    private abstract static class Setup implements AutoCloseable {
        final List<PeerProcess> peers = new ArrayList<>();

        static Setup start(Transport t, int w) throws IOException {
            return t == Transport.SHM ? new ShmSetup(w) : new StreamSetup(t, w);
        }

        /** Sends candidates START, START+2, ... and a poison pill per worker; collects primes until every worker is done. */
        abstract Round round(int items) throws Exception;

        @Override
        public void close() throws IOException {
            for (PeerProcess p : peers) {
                p.close();
            }
        }
    }

    private static final class ShmSetup extends Setup {
        private final SharedQueue in;
        private final SharedQueue out;
        private final int w;
        private final ExecutorService producer = Executors.newSingleThreadExecutor();

        ShmSetup(int w) {
            this.w = w;
            String base = "bench-queue-" + Processes.selfPid();
            in = SharedQueue.create(base + "-in", CAPACITY);
            out = SharedQueue.create(base + "-out", CAPACITY);
            try {
                for (int p = 0; p < w; p++) {
                    PeerProcess peer = PeerProcess.start("queue-shm-" + p, QueuePeer.class, "shm", base + "-in", base + "-out");
                    peers.add(peer);
                    peer.readLine();
                }
            } catch (RuntimeException e) {
                closeQuietly();
                throw e;
            }
        }

        @Override
        Round round(int items) throws Exception {
            for (PeerProcess p : peers) {
                p.stdin().write('\n');
                p.stdin().flush();
            }
            Future<?> produced = producer.submit(() -> {
                for (int i = 0; i < items; i++) {
                    QueuePeer.put(in, START + 2L * i);
                }
                for (int p = 0; p < w; p++) {
                    QueuePeer.put(in, QueuePeer.POISON_PILL);
                }
            });
            long primes = 0;
            long sum = 0;
            int done = 0;
            IdleStrategy idle = BenchConfig.queueIdle();
            long deadline = System.nanoTime() + ROUND_TIMEOUT_NANOS;
            while (done < w) {
                long v = out.poll(EMPTY);
                if (v == EMPTY) {
                    if (System.nanoTime() - deadline >= 0) {
                        throw new IllegalStateException("queue round timed out");
                    }
                    idle.idle();
                    continue;
                }
                idle.reset();
                if (v == QueuePeer.DONE) {
                    done++;
                } else {
                    primes++;
                    sum += v;
                }
            }
            produced.get(1, TimeUnit.MINUTES);
            return new Round(primes, sum);
        }

        private void closeQuietly() {
            producer.shutdownNow();
            in.close();
            out.close();
        }

        @Override
        public void close() throws IOException {
            super.close(); // closes their stdin: the workers end
            closeQuietly();
        }
    }

    private static final class StreamSetup extends Setup {
        private final Transport transport;
        private final int w;
        private final List<Socket> sockets = new ArrayList<>();
        private final List<Sender> senders = new ArrayList<>();
        private final List<Receiver> receivers = new ArrayList<>();
        private final ExecutorService threads;

        StreamSetup(Transport t, int w) throws IOException {
            this.transport = t;
            this.w = w;
            this.threads = Executors.newFixedThreadPool(2 * w);
            String[] args = switch (t) {
                case PIPE_SERIAL -> new String[] {"pipe", "serial"};
                case TCP_SERIAL -> new String[] {"tcp", "serial"};
                default -> new String[] {"pipe", "data"};
            };
            for (int p = 0; p < w; p++) {
                PeerProcess peer = PeerProcess.start("queue-" + t.name().toLowerCase(Locale.ROOT) + "-" + p, QueuePeer.class, args);
                peers.add(peer);
                OutputStream os;
                InputStream is;
                if (t == Transport.TCP_SERIAL) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(peer.readLine()));
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                    os = s.getOutputStream();
                    is = s.getInputStream();
                } else {
                    os = peer.stdin();
                    is = peer.stdout();
                }
                boolean serial = t != Transport.PIPE_DATA;
                senders.add(new Sender(os, serial));
                receivers.add(new Receiver(is, serial));
            }
        }

        @Override
        Round round(int items) throws Exception {
            List<Future<?>> sent = new ArrayList<>();
            List<Future<Round>> got = new ArrayList<>();
            for (int p = 0; p < w; p++) {
                Sender s = senders.get(p);
                Receiver r = receivers.get(p);
                int first = p;
                sent.add(threads.submit(() -> {
                    // static distribution: worker p gets candidates p, p+W, p+2W, ...
                    for (int i = first; i < items; i += w) {
                        s.send(START + 2L * i);
                    }
                    s.send(QueuePeer.POISON_PILL);
                    s.flush();
                    return null;
                }));
                got.add(threads.submit(r::receiveRound));
            }
            long primes = 0;
            long sum = 0;
            for (Future<?> f : sent) {
                f.get(5, TimeUnit.MINUTES);
            }
            for (Future<Round> f : got) {
                Round r = f.get(5, TimeUnit.MINUTES);
                primes += r.primes();
                sum += r.sum();
            }
            return new Round(primes, sum);
        }

        @Override
        public void close() throws IOException {
            for (Sender s : senders) {
                try {
                    s.send(QueuePeer.SHUTDOWN);
                    s.flush();
                } catch (IOException ignored) {
                    // the peer is gone already
                }
            }
            threads.shutdownNow();
            super.close();
            for (Socket s : sockets) {
                s.close();
            }
            if (transport == Transport.TCP_SERIAL) {
                sockets.clear();
            }
        }
    }

    /** Our end towards one worker: a serialized Long per message (flushed), or buffered longs. */
    private static final class Sender {
        private final ObjectOutputStream objects;
        private final DataOutputStream data;

        Sender(OutputStream os, boolean serial) throws IOException {
            if (serial) {
                objects = new ObjectOutputStream(new BufferedOutputStream(os, 1 << 12));
                objects.flush();
                data = null;
            } else {
                objects = null;
                data = new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
            }
        }

        void send(long v) throws IOException {
            if (objects != null) {
                objects.writeObject(v);
                objects.reset();
                objects.flush();
            } else {
                data.writeLong(v);
            }
        }

        void flush() throws IOException {
            if (data != null) {
                data.flush();
            }
        }
    }

    /** Our end from one worker: primes until its DONE. */
    private static final class Receiver {
        private final InputStream is;
        private final boolean serial;
        private ObjectInputStream objects;
        private DataInputStream data;

        Receiver(InputStream is, boolean serial) {
            this.is = is;
            this.serial = serial;
        }

        Round receiveRound() throws IOException, ClassNotFoundException {
            if (serial && objects == null) {
                objects = new ObjectInputStream(new BufferedInputStream(is, 1 << 12));
            } else if (!serial && data == null) {
                data = new DataInputStream(new BufferedInputStream(is, 1 << 16));
            }
            long primes = 0;
            long sum = 0;
            while (true) {
                long v = serial ? (Long) objects.readObject() : data.readLong();
                if (v == QueuePeer.DONE) {
                    return new Round(primes, sum);
                }
                primes++;
                sum += v;
            }
        }
    }
}
