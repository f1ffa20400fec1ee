package dev.shmc.engine.control;

import static dev.shmc.engine.control.ControlDescriptor.*;

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
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to an engine's control region ({@link ControlDescriptor}), and the one writer and
 * reader of its job protocol: the coordinator publishes a job with {@link #publishJob} and ends it
 * with {@link #finishJob}; a worker sees it with {@link #publishedSeq} and {@link #isJobRunning}
 * and reads it with {@link #readJob}; {@code shmc stat} reads {@link #status}. Nobody else touches
 * the job words' offsets. The coordinator creates the region; workers attach by path and take the
 * worker count and chunk capacity from the region itself.
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

    private long get(long offset) {
        return seg.get(ValueLayout.JAVA_LONG, offset);
    }

    private void set(long offset, long value) {
        seg.set(ValueLayout.JAVA_LONG, offset, value);
    }

    private long getAcquire(long offset) {
        return (long) LONG.getAcquire(seg, offset);
    }

    private void setRelease(long offset, long value) {
        LONG.setRelease(seg, offset, value);
    }

    private long getVolatile(long offset) {
        return (long) LONG.getVolatile(seg, offset);
    }

    private void setVolatile(long offset, long value) {
        LONG.setVolatile(seg, offset, value);
    }

    private boolean compareAndSet(long offset, long expected, long value) {
        return LONG.compareAndSet(seg, offset, expected, value);
    }

    private long getAndAdd(long offset, long delta) {
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

    private long chunkStateOffset(long chunk) {
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

    /** Release-stores a chunk's final state, its words written elsewhere before ({@link ResultSlots}). */
    void publishChunkState(long chunk, long state) {
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

    private void writeBytes(long lengthOffset, long dataOffset, int capacity, byte[] data, String what) {
        if (data.length > capacity) {
            throw new IllegalArgumentException(what + " too long: " + data.length + " bytes, at most " + capacity);
        }
        MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, dataOffset, data.length);
        set(lengthOffset, data.length);
    }

    private byte[] readBytes(long lengthOffset, long dataOffset, int capacity) {
        int length = (int) Math.max(0, Math.min(capacity, get(lengthOffset)));
        return seg.asSlice(dataOffset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    private String kernelClass() {
        return new String(readBytes(KERNEL_LENGTH_OFFSET, KERNEL_OFFSET, KERNEL_CAPACITY), StandardCharsets.UTF_8);
    }

    // ---- the job protocol

    /** Coordinator: beats its heartbeat (nanoTime) for the workers. */
    public void beatCoordinatorHeartbeat(long nanos) {
        setRelease(HEARTBEAT_OFFSET, nanos);
    }

    /**
     * Hands chunk {@code chunk} back (REQUEUED) if its state is still {@code expected}; a claim is
     * a compare-and-set too, so a worker about to claim it either wins first or loses.
     */
    public boolean requeueChunk(long chunk, long expected) {
        return compareAndSet(chunkStateOffset(chunk), expected, CHUNK_REQUEUED);
    }

    /** Coordinator: tells the workers that chunks were handed back (they look for REQUEUED ones when this count changes). */
    public void announceRequeues() {
        getAndAdd(REQUEUES_OFFSET, 1);
    }

    /** Worker: how many times chunks were handed back so far in this job. */
    public long requeueCount() {
        return getAcquire(REQUEUES_OFFSET);
    }

    /**
     * Coordinator: publishes job {@code seq}. The chunk slots are reset (and those restored from a
     * checkpoint published DONE) before; this resets the job words (stop flag, error, cursor, the
     * progress counters to {@code doneChunks} and {@code doneUnits}), writes the fields plainly,
     * raises the stop flag when the job was cancelled before it ran, stores the job state RUNNING
     * (volatile, see {@link #workerWordVolatile}), and release-stores the sequence last: a worker
     * that sees the new sequence (acquire) sees everything else.
     *
     * @throws IllegalArgumentException when the kernel class name or the parameters do not fit
     */
    public void publishJob(long seq, JobFields job, long doneChunks, long doneUnits, boolean cancelled) {
        stop.clear();
        clearError();
        cursor.setRelease(0);
        chunksFinished.setRelease(doneChunks);
        unitsFinished.setRelease(doneUnits);
        setRelease(REQUEUES_OFFSET, 0);
        set(JOB_ID_OFFSET, seq);
        set(FIRST_UNIT_OFFSET, job.firstUnit());
        set(TOTAL_UNITS_OFFSET, job.totalUnits());
        set(CHUNK_SIZE_OFFSET, job.chunkSize());
        set(CHUNKS_OFFSET, job.chunks());
        set(SCHEDULE_OFFSET, job.schedule());
        set(SEED_OFFSET, job.seed());
        set(RESULT_WORDS_OFFSET, job.resultWords());
        set(JOB_WORKERS_OFFSET, job.workers());
        writeBytes(KERNEL_LENGTH_OFFSET, KERNEL_OFFSET, KERNEL_CAPACITY, job.kernelClass().getBytes(StandardCharsets.UTF_8), "kernel class name");
        writeBytes(PARAMS_LENGTH_OFFSET, PARAMS_OFFSET, PARAMS_CAPACITY, job.params(), "job parameters");
        if (cancelled) {
            stop.setRelease(STOP_CANCEL);
        }
        setVolatile(JOB_STATE_OFFSET, JOB_RUNNING);
        // release: workers read the fields only after they see the new sequence
        setRelease(JOB_SEQ_OFFSET, seq);
    }

    /**
     * Coordinator: the published job is over (all its chunks finished, or it was stopped): a
     * worker that comes to it now skips it. Volatile, paired with the workers' volatile "ready".
     */
    public void finishJob() {
        setVolatile(JOB_STATE_OFFSET, JOB_FINISHED);
    }

    /** Worker: the sequence of the job published last (acquire: pairs with {@link #publishJob}'s release). */
    public long publishedSeq() {
        return getAcquire(JOB_SEQ_OFFSET);
    }

    /** Worker: whether the published job still runs (volatile). */
    public boolean isJobRunning() {
        return getVolatile(JOB_STATE_OFFSET) == JOB_RUNNING;
    }

    /**
     * Worker: the fields of job {@code seq}, or null when a newer job was published meanwhile (the
     * fields read may then be a mix of the two jobs'): a seqlock-style check after the reads.
     */
    public JobFields readJob(long seq) {
        JobFields job = new JobFields(get(FIRST_UNIT_OFFSET), get(TOTAL_UNITS_OFFSET), get(CHUNK_SIZE_OFFSET), get(CHUNKS_OFFSET),
                (int) get(SCHEDULE_OFFSET), get(SEED_OFFSET), (int) get(RESULT_WORDS_OFFSET), (int) get(JOB_WORKERS_OFFSET), kernelClass(),
                readBytes(PARAMS_LENGTH_OFFSET, PARAMS_OFFSET, PARAMS_CAPACITY));
        // acquire: the fields were read for this job only if no newer one was published meanwhile
        return getAcquire(JOB_SEQ_OFFSET) == seq ? job : null;
    }

    /** One worker slot as {@code shmc stat} shows it. */
    public record WorkerStatus(int index, long pid, String state, long chunks) {
    }

    /** The job words and worker slots as {@code shmc stat} shows them (plain reads of a live region). */
    public record Status(int workers, long jobSequence, String jobState, long stopFlag, long shutdownFlag, long chunks,
                         long chunksFinished, long cursor, long requeues, List<WorkerStatus> workerSlots) {
    }

    /** Reads the status of the control region in {@code region} (attached read-only: no secret needed to look). */
    public static Status status(SharedRegion region) {
        MemorySegment s = region.payload();
        int workers = (int) Math.max(0, Math.min(1024, s.get(ValueLayout.JAVA_LONG, WORKERS_COUNT_OFFSET)));
        List<WorkerStatus> slots = new ArrayList<>();
        for (int w = 0; w < workers && chunksOffset(w + 1) <= s.byteSize(); w++) {
            long base = workerSlot(w);
            long state = s.get(ValueLayout.JAVA_LONG, base + W_STATE);
            slots.add(new WorkerStatus(w, s.get(ValueLayout.JAVA_LONG, base + W_PID),
                    new String[] {"absent", "ready", "busy", "exited"}[(int) Math.min(3, Math.max(0, state))], s.get(ValueLayout.JAVA_LONG, base + W_CHUNKS)));
        }
        String jobState = switch ((int) s.get(ValueLayout.JAVA_LONG, JOB_STATE_OFFSET)) {
            case (int) JOB_RUNNING -> "running";
            case (int) JOB_FINISHED -> "finished";
            default -> "idle";
        };
        return new Status(workers, s.get(ValueLayout.JAVA_LONG, JOB_SEQ_OFFSET), jobState, s.get(ValueLayout.JAVA_LONG, STOP_OFFSET),
                s.get(ValueLayout.JAVA_LONG, SHUTDOWN_OFFSET), s.get(ValueLayout.JAVA_LONG, CHUNKS_OFFSET),
                s.get(ValueLayout.JAVA_LONG, CHUNKS_FINISHED_OFFSET), s.get(ValueLayout.JAVA_LONG, CURSOR_OFFSET),
                s.get(ValueLayout.JAVA_LONG, REQUEUES_OFFSET), slots);
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
