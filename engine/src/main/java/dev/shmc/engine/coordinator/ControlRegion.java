package dev.shmc.engine.coordinator;

import static dev.shmc.engine.coordinator.ControlDescriptor.*;

import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedCounter;
import dev.shmc.shm.sync.SharedFlag;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Typed access to an engine's control region ({@link ControlDescriptor}). The coordinator creates
 * it; workers attach by path and take the worker count and chunk capacity from the region itself.
 */
public final class ControlRegion implements AutoCloseable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final SharedRegion region;
    private final MemorySegment seg;
    private final int workers;
    private final int chunkCapacity;
    private final SharedFlag stop;
    private final SharedFlag shutdown;
    private final SharedCounter cursor;
    private final SharedCounter chunksFinished;
    private final SharedCounter unitsFinished;

    private ControlRegion(SharedRegion region) {
        this.region = region;
        this.seg = region.payload();
        this.workers = (int) seg.get(ValueLayout.JAVA_LONG, WORKERS_COUNT_OFFSET);
        this.chunkCapacity = (int) seg.get(ValueLayout.JAVA_LONG, CHUNK_CAPACITY_OFFSET);
        this.stop = new SharedFlag(seg, STOP_OFFSET);
        this.shutdown = new SharedFlag(seg, SHUTDOWN_OFFSET);
        this.cursor = new SharedCounter(seg, CURSOR_OFFSET);
        this.chunksFinished = new SharedCounter(seg, CHUNKS_FINISHED_OFFSET);
        this.unitsFinished = new SharedCounter(seg, UNITS_FINISHED_OFFSET);
    }

    /**
     * Creates the control region {@code name} for {@code workers} workers and up to
     * {@code chunkCapacity} chunks per job, holding {@code secret} ({@link ControlDescriptor#SECRET_LENGTH} bytes).
     */
    public static ControlRegion create(Path dir, String name, int workers, int chunkCapacity, long coordinatorPid, long coordinatorStart,
                                       byte[] secret) {
        if (secret.length != SECRET_LENGTH) {
            throw new IllegalArgumentException("the engine secret has " + SECRET_LENGTH + " bytes, not " + secret.length);
        }
        SharedRegion region = SharedRegion.create(dir, name, RegionDescriptor.KIND_CONTROL, payloadLength(workers, chunkCapacity),
                meta -> {
                    meta.set(ValueLayout.JAVA_INT, META_LAYOUT_OFFSET, LAYOUT_VERSION);
                    MemorySegment.copy(secret, 0, meta, ValueLayout.JAVA_BYTE, META_SECRET_OFFSET, SECRET_LENGTH);
                });
        // Workers are started only after this returns, so the global words need no publication of their own.
        MemorySegment seg = region.payload();
        seg.set(ValueLayout.JAVA_LONG, COORDINATOR_PID_OFFSET, coordinatorPid);
        seg.set(ValueLayout.JAVA_LONG, COORDINATOR_START_OFFSET, coordinatorStart);
        seg.set(ValueLayout.JAVA_LONG, WORKERS_COUNT_OFFSET, workers);
        seg.set(ValueLayout.JAVA_LONG, CHUNK_CAPACITY_OFFSET, chunkCapacity);
        return new ControlRegion(region);
    }

    /**
     * Attaches a worker to the control region at {@code path}, which must hold {@code secret} (the
     * one its coordinator handed it): any other region, even a well-formed one, is refused.
     */
    public static ControlRegion attach(Path path, byte[] secret) {
        SharedRegion region = SharedRegion.attach(path, false);
        if (region.kind() != RegionDescriptor.KIND_CONTROL
                || region.metadata().get(ValueLayout.JAVA_INT, META_LAYOUT_OFFSET) != LAYOUT_VERSION) {
            region.close();
            throw new RegionException(RegionException.Reason.BAD_FILE, path + " is not an shmc control region of layout " + LAYOUT_VERSION);
        }
        byte[] held = region.metadata().asSlice(META_SECRET_OFFSET, SECRET_LENGTH).toArray(ValueLayout.JAVA_BYTE);
        if (secret == null || !MessageDigest.isEqual(held, secret)) {
            region.close();
            throw new RegionException(RegionException.Reason.BAD_FILE, path + " is not the control region of this worker's coordinator"
                    + " (its secret does not match); refusing to run its jobs");
        }
        return new ControlRegion(region);
    }

    /** A new random engine secret. */
    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_LENGTH];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public SharedRegion region() {
        return region;
    }

    public int workers() {
        return workers;
    }

    public int chunkCapacity() {
        return chunkCapacity;
    }

    public long coordinatorPid() {
        return seg.get(ValueLayout.JAVA_LONG, COORDINATOR_PID_OFFSET);
    }

    public long coordinatorStart() {
        return seg.get(ValueLayout.JAVA_LONG, COORDINATOR_START_OFFSET);
    }

    public SharedFlag stopFlag() {
        return stop;
    }

    public SharedFlag shutdownFlag() {
        return shutdown;
    }

    public SharedCounter cursor() {
        return cursor;
    }

    public SharedCounter chunksFinished() {
        return chunksFinished;
    }

    public SharedCounter unitsFinished() {
        return unitsFinished;
    }

    // ---- words by offset (memory order in the name)

    public long get(long offset) {
        return seg.get(ValueLayout.JAVA_LONG, offset);
    }

    public void set(long offset, long value) {
        seg.set(ValueLayout.JAVA_LONG, offset, value);
    }

    public long getAcquire(long offset) {
        return (long) LONG.getAcquire(seg, offset);
    }

    public void setRelease(long offset, long value) {
        LONG.setRelease(seg, offset, value);
    }

    public long getVolatile(long offset) {
        return (long) LONG.getVolatile(seg, offset);
    }

    public void setVolatile(long offset, long value) {
        LONG.setVolatile(seg, offset, value);
    }

    public boolean compareAndSet(long offset, long expected, long value) {
        return LONG.compareAndSet(seg, offset, expected, value);
    }

    public long getAndAdd(long offset, long delta) {
        return (long) LONG.getAndAdd(seg, offset, delta);
    }

    // ---- worker slots

    public long workerWord(int worker, long field) {
        return getAcquire(workerSlot(worker) + field);
    }

    public void setWorkerWord(int worker, long field, long value) {
        setRelease(workerSlot(worker) + field, value);
    }

    /**
     * A worker's state with volatile (sequentially consistent) order. The coordinator stores
     * "job finished" and then reads every worker's state; a worker stores "ready" and then reads
     * the job state: with volatile order on both sides, either the coordinator sees the worker
     * ready (and waits for it), or the worker sees the job finished (and skips it).
     */
    public long workerWordVolatile(int worker, long field) {
        return getVolatile(workerSlot(worker) + field);
    }

    public void setWorkerWordVolatile(int worker, long field, long value) {
        setVolatile(workerSlot(worker) + field, value);
    }

    // ---- chunk slots

    public long chunkStateOffset(long chunk) {
        return chunkSlot(workers, chunk) + C_STATE;
    }

    public long chunkState(long chunk) {
        return getAcquire(chunkStateOffset(chunk));
    }

    public boolean claimChunk(long chunk, long expected, int worker) {
        return compareAndSet(chunkStateOffset(chunk), expected, claimed(worker));
    }

    /** Writes a chunk's result words plainly, then release-stores its final state. */
    public void publishChunk(long chunk, long[] words, int count, long state) {
        long base = chunkSlot(workers, chunk) + C_RESULT;
        for (int i = 0; i < count; i++) {
            seg.set(ValueLayout.JAVA_LONG, base + (long) i * Long.BYTES, words[i]);
        }
        // release: the coordinator reads the words only after seeing DONE/PARTIAL
        setRelease(chunkStateOffset(chunk), state);
    }

    public void readChunkResult(long chunk, long[] into, int count) {
        long base = chunkSlot(workers, chunk) + C_RESULT;
        for (int i = 0; i < count; i++) {
            into[i] = seg.get(ValueLayout.JAVA_LONG, base + (long) i * Long.BYTES);
        }
    }

    /** Plain reset of chunk slots before a job is published. */
    public void resetChunks(long chunks) {
        for (long c = 0; c < chunks; c++) {
            set(chunkStateOffset(c), CHUNK_PENDING);
        }
    }

    // ---- byte fields

    public void writeBytes(long lengthOffset, long dataOffset, int capacity, byte[] data, String what) {
        if (data.length > capacity) {
            throw new IllegalArgumentException(what + " too long: " + data.length + " bytes, at most " + capacity);
        }
        MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, dataOffset, data.length);
        set(lengthOffset, data.length);
    }

    public byte[] readBytes(long lengthOffset, long dataOffset, int capacity) {
        int length = (int) Math.max(0, Math.min(capacity, get(lengthOffset)));
        return seg.asSlice(dataOffset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    public String kernelClass() {
        return new String(readBytes(KERNEL_LENGTH_OFFSET, KERNEL_OFFSET, KERNEL_CAPACITY), StandardCharsets.UTF_8);
    }

    /**
     * Records the first error of a job (message and stack trace); later errors are dropped. Then
     * raises the stop flag with reason ERROR unless it is already raised.
     */
    public void reportError(int worker, String text) {
        reportErrorAs(worker + 1L, text);
    }

    /** Records the first error of a job found by the coordinator itself (a worker died in a chunk that may not run again). */
    public void reportCoordinatorError(String text) {
        reportErrorAs(workers + 1L, text);
    }

    private void reportErrorAs(long owner, String text) {
        if (compareAndSet(ERROR_OWNER_OFFSET, 0, owner)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int n = Math.min(bytes.length, ERROR_CAPACITY);
            MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, ERROR_TEXT_OFFSET, n);
            setRelease(ERROR_LENGTH_OFFSET, n);
        }
        stop.compareAndSet(STOP_ERROR);
    }

    /** The error text, or null when no worker reported one. */
    public String errorText() {
        if (getAcquire(ERROR_OWNER_OFFSET) == 0) {
            return null;
        }
        // the owner publishes the length last; wait briefly for it
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (getAcquire(ERROR_LENGTH_OFFSET) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return new String(readBytes(ERROR_LENGTH_OFFSET, ERROR_TEXT_OFFSET, ERROR_CAPACITY), StandardCharsets.UTF_8);
    }

    public void clearError() {
        set(ERROR_LENGTH_OFFSET, 0);
        setRelease(ERROR_OWNER_OFFSET, 0);
    }

    public Path path() {
        return region.path();
    }

    @Override
    public void close() {
        region.close();
    }
}
