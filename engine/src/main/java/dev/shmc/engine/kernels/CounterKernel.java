package dev.shmc.engine.kernels;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedCounter;
import dev.shmc.shm.sync.SharedLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Increments one shared counter, once per work unit, with the synchronisation the job names: the
 * book's "several processes update one counter" workload. Result: word 0 = increments done.
 *
 * <ul>
 *   <li>{@code none}: a plain read, add and write of the counter in shared memory
 *       ({@link SharedCounter#plainIncrement}). Concurrent workers lose updates; that is the point.
 *   <li>{@code atomic}: {@link SharedCounter#getAndAdd} (a locked add). Exact.
 *   <li>{@code lock}: the {@link SharedLock} of the region around a plain read-modify-write. Exact.
 *   <li>{@code filelock}: a counter of 8 bytes in a file, read and written under an OS file lock
 *       ({@link FileChannel#lock}, POSIX {@code fcntl} record locks). Exact. POSIX locks belong to
 *       a process, so threads of one JVM also take a JVM-wide mutex per file first.
 * </ul>
 *
 * Parameters: {@code sync}, {@code region} (a counter region, {@link CounterRegionDescriptor}),
 * {@code file} (filelock only). The region is attached for each chunk and closed after it; chunks
 * are large enough that this costs nothing measurable.
 */
public final class CounterKernel implements Kernel {
    /** The synchronisation of each increment. */
    public enum Sync {
        NONE, ATOMIC, LOCK, FILELOCK;

        /** The sync called {@code name} (case-insensitive). */
        public static Sync of(String name) {
            return KernelEnums.parse(Sync.class, name, "sync");
        }
    }

    /** Increments between two polls of the stop flag. */
    private static final int POLL_INCREMENTS = 4096;

    /** One mutex per counter file for the threads of this JVM (POSIX record locks cannot exclude them). */
    private static final ConcurrentMap<Path, ReentrantLock> FILE_MUTEXES = new ConcurrentHashMap<>();

    private Sync sync;
    private String region;
    private Path file;

    /**
     * A job of {@code increments} increments of the counter in {@code region} (or, for filelock,
     * in {@code file}), in about 16 chunks per worker.
     */
    public static JobSpec spec(Sync sync, long increments, String region, Path file) {
        JobSpec.Builder b = JobSpec.builder(CounterKernel.class).units(0, increments)
                .param("sync", sync.name().toLowerCase(Locale.ROOT)).param("region", region).label("counter-" + sync.name().toLowerCase(Locale.ROOT));
        if (sync == Sync.FILELOCK) {
            if (file == null) {
                throw new IllegalArgumentException("filelock needs a counter file");
            }
            b.param("file", file.toAbsolutePath());
        }
        return b.build();
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void init(KernelContext ctx) {
        Params p = ctx.params();
        sync = Sync.of(p.getString("sync"));
        region = p.getString("region");
        file = sync == Sync.FILELOCK ? Path.of(p.getString("file")) : null;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        long n = to - from;
        if (sync == Sync.FILELOCK) {
            out[0] = incrementFile(ctx, file, n);
            return;
        }
        try (SharedRegion r = SharedRegion.attach(region)) {
            SharedCounter counter = new SharedCounter(r.payload(), CounterRegionDescriptor.COUNTER_OFFSET);
            out[0] = switch (sync) {
                case NONE -> incrementPlain(ctx, counter, n);
                case ATOMIC -> incrementAtomic(ctx, counter, n);
                case LOCK -> incrementLocked(ctx, counter, new SharedLock(r.payload(), CounterRegionDescriptor.LOCK_OFFSET), n);
                case FILELOCK -> throw new AssertionError();
            };
        }
    }

    private static long incrementPlain(KernelContext ctx, SharedCounter counter, long n) {
        long done = 0;
        while (done < n && !ctx.stopRequested()) {
            long batch = Math.min(n - done, POLL_INCREMENTS);
            for (long i = 0; i < batch; i++) {
                counter.plainIncrement(1);
            }
            done += batch;
        }
        return done;
    }

    private static long incrementAtomic(KernelContext ctx, SharedCounter counter, long n) {
        long done = 0;
        while (done < n && !ctx.stopRequested()) {
            long batch = Math.min(n - done, POLL_INCREMENTS);
            for (long i = 0; i < batch; i++) {
                counter.getAndAdd(1);
            }
            done += batch;
        }
        return done;
    }

    private static long incrementLocked(KernelContext ctx, SharedCounter counter, SharedLock lock, long n) {
        long done = 0;
        while (done < n && !ctx.stopRequested()) {
            long batch = Math.min(n - done, POLL_INCREMENTS);
            for (long i = 0; i < batch; i++) {
                lock.lock();
                try {
                    counter.plainIncrement(1); // plain is enough: the lock's CAS and release order it
                } finally {
                    lock.unlock();
                }
            }
            done += batch;
        }
        return done;
    }

    private static long incrementFile(KernelContext ctx, Path file, long n) {
        ReentrantLock mutex = FILE_MUTEXES.computeIfAbsent(file, f -> new ReentrantLock());
        ByteBuffer buf = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder());
        long done = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            while (done < n && !ctx.stopRequested()) {
                long batch = Math.min(n - done, POLL_INCREMENTS);
                for (long i = 0; i < batch; i++) {
                    mutex.lock();
                    try {
                        FileLock lock = channel.lock(0, Long.BYTES, false);
                        try {
                            buf.clear();
                            readFully(channel, buf);
                            long value = buf.getLong(0);
                            buf.clear();
                            buf.putLong(0, value + 1);
                            writeFully(channel, buf);
                        } finally {
                            lock.release();
                        }
                    } finally {
                        mutex.unlock();
                    }
                }
                done += batch;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("counter file " + file + ": " + e.getMessage(), e);
        }
        return done;
    }

    private static void readFully(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf, buf.position()) < 0) {
                throw new IOException("counter file is shorter than 8 bytes");
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf, buf.position());
        }
    }

    /** Reads the counter of a counter file (8 bytes, native order). */
    public static long readFile(Path file) {
        ByteBuffer buf = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(channel, buf);
            return buf.getLong(0);
        } catch (IOException e) {
            throw new UncheckedIOException("counter file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long defaultChunkSize(Params params, long units, int workers) {
        // ~16 chunks per worker: enough for the workers to overlap all along, few region attaches
        return Math.max(1, units / (16L * workers));
    }
}
