package dev.shmc.engine.jobs;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedCounter;
import dev.shmc.shm.sync.SharedLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
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
 *   <li>{@code filelock}: the same counter word, but read and written in the region's file with
 *       {@code pread}/{@code pwrite} under an OS file lock on its 8 bytes ({@link FileChannel#lock},
 *       POSIX {@code fcntl} record locks), as processes that share a file do. Exact. POSIX locks
 *       belong to a process, so threads of one JVM also take a JVM-wide mutex per file first.
 * </ul>
 *
 * Parameters: {@code sync}, {@code region} (a counter region, {@link CounterRegionDescriptor}).
 * The region is attached for each chunk and closed after it; chunks are large enough that this
 * costs nothing measurable. Every increment changes the shared counter in place, so a chunk may
 * not be computed twice ({@link #sideEffects}): a job whose worker died inside a chunk fails
 * instead of counting some of its increments twice.
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

    /** Where the counter word lies in the region file (for pread/pwrite under the file lock). */
    private static final long FILE_OFFSET = RegionDescriptor.HEADER_LENGTH + CounterRegionDescriptor.COUNTER_OFFSET;

    private Sync sync;
    private String region;

    /** A job of {@code increments} increments of the counter in {@code region}, in about 16 chunks per worker. */
    public static JobSpec spec(Sync sync, long increments, String region) {
        return JobSpec.builder(CounterKernel.class).units(0, increments).param("sync", sync.name().toLowerCase(Locale.ROOT))
                .param("region", region).label("counter-" + sync.name().toLowerCase(Locale.ROOT)).build();
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
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        long n = to - from;
        try (SharedRegion r = SharedRegion.attach(region)) {
            if (sync == Sync.FILELOCK) {
                out[0] = incrementFile(ctx, r.path(), n); // the file attach checked: a regular file of ours
                return;
            }
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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            while (done < n && !ctx.stopRequested()) {
                long batch = Math.min(n - done, POLL_INCREMENTS);
                for (long i = 0; i < batch; i++) {
                    mutex.lock();
                    try {
                        FileLock lock = channel.lock(FILE_OFFSET, Long.BYTES, false);
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
            if (channel.read(buf, FILE_OFFSET + buf.position()) < 0) {
                throw new IOException("counter region file is too short");
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf, FILE_OFFSET + buf.position());
        }
    }

    @Override
    public String sideEffects(Params params, long from, long to) {
        return "adds 1 for each of units [" + from + ", " + to + ") to the shared counter of region '" + params.getString("region")
                + "' (sync " + params.getString("sync") + ")";
    }

    @Override
    public long defaultChunkSize(Params params, long units, int workers) {
        // ~16 chunks per worker: enough for the workers to overlap all along, few region attaches
        return Math.max(1, units / (16L * workers));
    }
}
