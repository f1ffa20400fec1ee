package dev.shmc.engine.service;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.IdleStrategy;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The standard output and error of a command the service runs for a thin client
 * ({@link CommandClient}): two single-producer single-consumer byte rings in a region of their
 * own, which the service creates and writes and the client attaches and drains.
 *
 * <pre>
 *  +--------------------------------------------------+ 0
 *  | stdout: write position (service, release)  128 B |
 *  |         read position (client, release)    128 B |
 *  | stderr: write position, read position      256 B |
 *  +--------------------------------------------------+ DATA_OFFSET
 *  | stdout bytes (OUT_CAPACITY), stderr bytes         |
 *  |   (ERR_CAPACITY): position p at p mod capacity    |
 *  +--------------------------------------------------+
 * </pre>
 *
 * A writer waits while its ring is full, until the client reads or is gone (then it drops the
 * rest: nobody reads it). Positions only grow; a reader acquire-loads the write position before it
 * reads the bytes below it, and release-stores its read position after it copied them.
 */
public final class CommandOutput implements AutoCloseable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final int LINE = ShmConfig.PADDED_WORD;

    static final long OUT_WRITE = 0;
    static final long OUT_READ = OUT_WRITE + LINE;
    static final long ERR_WRITE = OUT_READ + LINE;
    static final long ERR_READ = ERR_WRITE + LINE;
    static final long DATA_OFFSET = ERR_READ + LINE;
    /** Bytes of the stdout ring (a power of two). */
    static final int OUT_CAPACITY = 1 << 20;
    /** Bytes of the stderr ring (a power of two). */
    static final int ERR_CAPACITY = 1 << 16;
    static final long OUT_DATA = DATA_OFFSET;
    static final long ERR_DATA = OUT_DATA + OUT_CAPACITY;
    static final long LENGTH = ERR_DATA + ERR_CAPACITY;

    private final SharedRegion region;
    private final MemorySegment seg;

    private CommandOutput(SharedRegion region) {
        this.region = region;
        this.seg = region.payload();
    }

    /** The service: a new output region named {@code name} in {@code dir}. */
    static CommandOutput create(Path dir, String name) {
        return new CommandOutput(SharedRegion.create(dir, name, RegionDescriptor.KIND_RESULTS, LENGTH));
    }

    /** The client: attaches to the output region at {@code path}. */
    static CommandOutput attach(Path path) {
        SharedRegion region = SharedRegion.attach(path, false);
        if (region.payloadLength() < LENGTH) {
            region.close();
            throw new IllegalStateException(path + " is too short for a command's output");
        }
        return new CommandOutput(region);
    }

    /** The service: stdout ({@code err} false) or stderr as a stream; writes wait while the ring is full and {@code reader} is there. */
    OutputStream stream(boolean err, BooleanSupplier readerGone) {
        long write = err ? ERR_WRITE : OUT_WRITE;
        long read = err ? ERR_READ : OUT_READ;
        long data = err ? ERR_DATA : OUT_DATA;
        int capacity = err ? ERR_CAPACITY : OUT_CAPACITY;
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                long w = (long) LONG.getAcquire(seg, write);
                IdleStrategy idle = null; // made only when the ring is full: a write is usually one copy
                while (len > 0) {
                    long free = capacity - (w - (long) LONG.getAcquire(seg, read));
                    if (free <= 0) {
                        if (readerGone.getAsBoolean()) {
                            return; // nobody reads any more: the rest is dropped
                        }
                        if (idle == null) {
                            // the reader drains a full ring in microseconds: yield first, park only if it lingers
                            idle = new IdleStrategy(0, 64, 500_000L);
                        }
                        idle.idle();
                        continue;
                    }
                    int at = (int) (w & (capacity - 1));
                    int n = (int) Math.min(Math.min(free, len), capacity - at);
                    MemorySegment.copy(b, off, seg, ValueLayout.JAVA_BYTE, data + at, n);
                    w += n;
                    off += n;
                    len -= n;
                    // release: the reader copies the bytes only after it sees the new position
                    LONG.setRelease(seg, write, w);
                }
            }
        };
    }

    /** The client: copies what was written to stdout or stderr since the last call to {@code to}; returns the bytes copied. */
    int drain(boolean err, OutputStream to, byte[] buffer) throws IOException {
        long write = err ? ERR_WRITE : OUT_WRITE;
        long read = err ? ERR_READ : OUT_READ;
        long data = err ? ERR_DATA : OUT_DATA;
        int capacity = err ? ERR_CAPACITY : OUT_CAPACITY;
        long w = (long) LONG.getAcquire(seg, write);
        long r = (long) LONG.getAcquire(seg, read);
        int total = 0;
        while (r < w) {
            int at = (int) (r & (capacity - 1));
            int n = (int) Math.min(Math.min(w - r, buffer.length), capacity - at);
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, data + at, buffer, 0, n);
            to.write(buffer, 0, n);
            r += n;
            total += n;
            LONG.setRelease(seg, read, r);
        }
        if (total > 0) {
            to.flush();
        }
        return total;
    }

    Path path() {
        return region.path();
    }

    /** Unmaps; the service's close also removes the file. */
    @Override
    public void close() {
        region.close();
    }
}
