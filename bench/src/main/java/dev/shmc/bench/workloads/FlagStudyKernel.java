package dev.shmc.bench.workloads;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Schedule;
import dev.shmc.kernels.primes.TrialDivision;
import dev.shmc.shm.sync.SharedFlag;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * The early-stop flag study (issue #5, the book's table of flag mechanisms): trial division of n
 * with the odd candidates split into one static chunk per worker; the worker that finds a factor
 * raises a flag, the others poll it every {@code poll} candidates and stop. The flag is one of:
 * <ul>
 *   <li>{@code none}: nobody polls; every worker checks its whole range;</li>
 *   <li>{@code shm}: the job's stop flag in shared memory ({@link KernelContext#stopRequested()}, an acquire load);</li>
 *   <li>{@code chronicle}: a key in a Chronicle Map persisted to a file that every worker maps;</li>
 *   <li>{@code socket}: a message over a local TCP connection to {@link FlagServer}, polled with {@code available()};</li>
 *   <li>{@code file}: a file that the finder creates, polled with {@code Files.exists}.</li>
 * </ul>
 * Result words: 0 = smallest factor found (0 if none), 1 = when the flag was raised
 * ({@code System.nanoTime}, which is CLOCK_MONOTONIC and so comparable between processes on one
 * machine), 2 = when the last worker noticed it, 3 = earliest compute start, 4 = latest compute
 * end, 5 = candidates tested.
 */
public final class FlagStudyKernel implements Kernel {
    /** The flag mechanisms, in the order of the study's table. */
    public static final String[] FLAGS = {"none", "shm", "chronicle", "socket", "file"};

    private static final long STOP_KEY = 0L;
    /** Chronicle maps stay open in a worker JVM across jobs (opening one costs milliseconds). */
    private static final Map<String, ChronicleMap<Long, Long>> MAPS = new ConcurrentHashMap<>();

    private long n;
    private int poll;
    private String flag;
    private String where;

    /**
     * A job testing {@code n} with {@code workers} workers.
     *
     * @param flag  one of {@link #FLAGS}
     * @param poll  candidates between polls (ignored for {@code none})
     * @param where the flag's place: chronicle map file, "port:epoch" of the {@link FlagServer}, or flag file; "" for none and shm
     */
    public static JobSpec spec(long n, int workers, String flag, int poll, String where) {
        long candidates = TrialDivision.candidates(n);
        long chunk = Math.max(1, (candidates + workers - 1) / workers);
        return JobSpec.builder(FlagStudyKernel.class).units(0, candidates).chunkSize(chunk).schedule(Schedule.STATIC)
                .param("n", n).param("flag", flag).param("poll", poll).param("where", where).label("flag-study").build();
    }

    @Override
    public int resultWords() {
        return 6;
    }

    @Override
    public void init(KernelContext ctx) {
        warmStopPath();
        n = ctx.params().getLong("n");
        poll = (int) ctx.params().getLong("poll");
        flag = ctx.params().getString("flag");
        where = ctx.params().getString("where", "");
    }

    @Override
    public void identity(long[] acc) {
        acc[0] = 0;
        acc[1] = 0;
        acc[2] = 0;
        acc[3] = Long.MAX_VALUE;
        acc[4] = 0;
        acc[5] = 0;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        long start = System.nanoTime();
        try (Flag f = open(ctx)) {
            Watch watch = new Watch(f);
            long factor = TrialDivision.findFactor(n, from, to, watch, flag.equals("none") ? 0 : poll);
            long end = System.nanoTime();
            if (factor != 0) {
                out[0] = factor;
                out[1] = System.nanoTime();
                f.raise();
            }
            out[2] = watch.noticedAt;
            out[3] = start;
            out[4] = end;
            out[5] = watch.noticedAt != 0 ? watch.polls * (long) poll : to - from;
        }
    }

    @Override
    public void combine(long[] acc, long[] part) {
        if (part[0] != 0 && (acc[0] == 0 || part[0] < acc[0])) {
            acc[0] = part[0];
        }
        acc[1] = Math.max(acc[1], part[1]);
        acc[2] = Math.max(acc[2], part[2]);
        acc[3] = Math.min(acc[3], part[3]);
        acc[4] = Math.max(acc[4], part[4]);
        acc[5] += part[5];
    }

    private static volatile boolean warmed;

    /**
     * Once per JVM: many short searches stopped after a few polls, so that the JIT compiles the
     * stop branches (in {@link TrialDivision#findFactor} and {@link Watch}) as taken. Otherwise
     * the first stop of a job runs into an uncommon trap and the measured stop latency is the
     * deoptimization, and the finder's first compare-and-set runs interpreted: tens of
     * microseconds that are not the flag's.
     */
    private static void warmStopPath() {
        if (warmed) {
            return;
        }
        Flag raised = new Flag() {
            private int polls;

            public boolean isRaised() {
                return (++polls & 3) == 0;
            }

            public void raise() {
            }
        };
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            Watch watch = new Watch(raised);
            sink += TrialDivision.findFactor(WARM_PRIME, 0, 1 << 10, watch, 64) + watch.noticedAt;
        }
        // the shared-memory raise is SharedFlag.compareAndSet: compiled, not interpreted, when the finder calls it
        try (Arena arena = Arena.ofConfined()) {
            SharedFlag scratch = new SharedFlag(arena.allocate(SharedFlag.SIZE, 128), 0);
            for (int i = 0; i < 20_000; i++) {
                sink += scratch.compareAndSet(1) ? 1 : 0;
                scratch.clear();
            }
        }
        warmed = sink != 42;
    }

    /** A prime (2^61 - 1): the warm-up searches never find a factor. */
    private static final long WARM_PRIME = 2_305_843_009_213_693_951L;

    /** Counts polls and records when the flag was first seen raised. */
    private static final class Watch implements BooleanSupplier {
        private final Flag flag;
        long polls;
        long noticedAt;

        Watch(Flag flag) {
            this.flag = flag;
        }

        @Override
        public boolean getAsBoolean() {
            polls++;
            if (flag.isRaised()) {
                noticedAt = System.nanoTime();
                return true;
            }
            return false;
        }
    }

    /** One flag mechanism, as a worker sees it. */
    private interface Flag extends AutoCloseable {
        boolean isRaised();

        void raise();

        @Override
        default void close() {
        }
    }

    private Flag open(KernelContext ctx) {
        return switch (flag) {
            case "none" -> new Flag() {
                public boolean isRaised() {
                    return false;
                }

                public void raise() {
                }
            };
            case "shm" -> new Flag() {
                public boolean isRaised() {
                    return ctx.stopRequested();
                }

                public void raise() {
                    ctx.requestStop();
                }
            };
            case "chronicle" -> {
                ChronicleMap<Long, Long> map = MAPS.computeIfAbsent(where, FlagStudyKernel::openMap);
                yield new Flag() {
                    public boolean isRaised() {
                        return map.containsKey(STOP_KEY);
                    }

                    public void raise() {
                        map.put(STOP_KEY, 1L);
                    }
                };
            }
            case "socket" -> {
                int colon = where.indexOf(':');
                yield new SocketFlag(Integer.parseInt(where.substring(0, colon)), Long.parseLong(where.substring(colon + 1)));
            }
            case "file" -> {
                Path file = Path.of(where);
                yield new Flag() {
                    public boolean isRaised() {
                        return Files.exists(file);
                    }

                    public void raise() {
                        try {
                            Files.createFile(file);
                        } catch (java.nio.file.FileAlreadyExistsException ignored) {
                            // another finder was first
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
            }
            default -> throw new IllegalArgumentException("unknown flag '" + flag + "': use one of none, shm, chronicle, socket, file");
        };
    }

    /** Opens (creating if needed) the study's Chronicle Map at {@code file}. */
    public static ChronicleMap<Long, Long> openMap(String file) {
        try {
            return ChronicleMap.of(Long.class, Long.class).name("shmc-bench-flag").entries(16).createPersistedTo(Path.of(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open chronicle map " + file, e);
        }
    }

    /** A connection to the {@link FlagServer}: one byte out raises, any byte in means raised. */
    private static final class SocketFlag implements Flag {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean raised;

        SocketFlag(int port, long epoch) {
            try {
                socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setTcpNoDelay(true);
                in = socket.getInputStream();
                out = socket.getOutputStream();
                new DataOutputStream(out).writeLong(epoch);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot connect to the flag server on port " + port, e);
            }
        }

        @Override
        public boolean isRaised() {
            if (raised) {
                return true;
            }
            try {
                // available() is one ioctl(FIONREAD) system call: the price of polling a socket
                raised = in.available() > 0;
                return raised;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void raise() {
            try {
                out.write(1);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
