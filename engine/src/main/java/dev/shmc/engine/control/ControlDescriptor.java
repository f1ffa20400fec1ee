package dev.shmc.engine.control;

import dev.shmc.shm.ShmConfig;

/**
 * Layout of an engine's control region payload: everything the coordinator and its workers share.
 * Jobs, chunk claims, results, errors and heartbeats all go through it; nothing on the job path
 * uses sockets or pipes.
 *
 * <pre>
 *  +------------------------------------------------------------+ 0
 *  | GLOBAL: coordinator pid, start ms, workers, chunk capacity | (128 B, written once)
 *  +------------------------------------------------------------+ 128
 *  | coordinator heartbeat (nanoTime)                 128 B     |
 *  | shutdown flag                                    128 B     |
 *  +------------------------------------------------------------+ 384
 *  | JOB words, each on its own 128 B line:                     |
 *  |   job sequence (release-stored last: "a job is published") |
 *  |   job state (RUNNING / FINISHED)                           |
 *  |   stop flag (reason: CANCEL / FOUND / ERROR)               |
 *  |   chunk cursor (next index to hand out)                    |
 *  |   chunks finished, units finished (progress)               |
 *  |   error owner (first failing worker + 1; workers + 1 for   |
 *  |     the coordinator's own monitor)                         |
 *  |   re-queue count (chunks of dead workers handed back)      |
 *  +------------------------------------------------------------+ JOB_FIELDS_OFFSET
 *  | JOB fields (plain, published by the sequence):             |
 *  |   job id, total units, first unit, chunk size, chunks,     |
 *  |   schedule, seed, result words, workers,                   |
 *  |   kernel class (len + 512 B), params (len + 16 KiB)        |
 *  +------------------------------------------------------------+ ERROR_OFFSET
 *  | ERROR: length + 32 KiB of UTF-8 (message and stack trace)  |
 *  +------------------------------------------------------------+ WORKERS_OFFSET
 *  | WORKER slots, 256 B each: pid, start ms, state, heartbeat, |
 *  |   last finished job sequence, chunks done (own lines)      |
 *  +------------------------------------------------------------+ chunksOffset(workers)
 *  | CHUNK slots, 128 B each: state (PENDING / CLAIMED+worker / |
 *  |   DONE / PARTIAL / REQUEUED), result words (up to 8 longs) |
 *  +------------------------------------------------------------+
 * </pre>
 *
 * One owner per structure: the coordinator writes the global section, the job fields and resets
 * chunk slots; a worker writes only its own worker slot and the chunk slots it claimed.
 *
 * <p>The region header's metadata section holds the layout version (int, offset
 * {@link #META_LAYOUT_OFFSET}) and the engine's secret ({@link #SECRET_LENGTH} random bytes at
 * {@link #META_SECRET_OFFSET}): the coordinator hands the secret to each worker JVM it starts
 * through the worker's standard input, and a worker attaches only to a control region that holds
 * it, so a region another process put in its place is refused.
 */
public final class ControlDescriptor {
    private ControlDescriptor() {
    }

    private static final int LINE = ShmConfig.PADDED_WORD;

    /** Control layout version, kept in the region metadata (2: the engine secret). */
    public static final int LAYOUT_VERSION = 2;

    /** Offset of the layout version (int) in the region header's metadata section. */
    public static final long META_LAYOUT_OFFSET = 0;
    /** Offset of the engine secret in the region header's metadata section. */
    public static final long META_SECRET_OFFSET = 8;
    /** Bytes of the engine secret. */
    public static final int SECRET_LENGTH = 32;

    // Global section
    public static final long COORDINATOR_PID_OFFSET = 0;
    public static final long COORDINATOR_START_OFFSET = COORDINATOR_PID_OFFSET + Long.BYTES;
    public static final long WORKERS_COUNT_OFFSET = COORDINATOR_START_OFFSET + Long.BYTES;
    public static final long CHUNK_CAPACITY_OFFSET = WORKERS_COUNT_OFFSET + Long.BYTES;
    public static final long HEARTBEAT_OFFSET = LINE;
    public static final long SHUTDOWN_OFFSET = HEARTBEAT_OFFSET + LINE;

    // Job words
    public static final long JOB_SEQ_OFFSET = SHUTDOWN_OFFSET + LINE;
    public static final long JOB_STATE_OFFSET = JOB_SEQ_OFFSET + LINE;
    public static final long STOP_OFFSET = JOB_STATE_OFFSET + LINE;
    public static final long CURSOR_OFFSET = STOP_OFFSET + LINE;
    public static final long CHUNKS_FINISHED_OFFSET = CURSOR_OFFSET + LINE;
    public static final long UNITS_FINISHED_OFFSET = CHUNKS_FINISHED_OFFSET + LINE;
    public static final long ERROR_OWNER_OFFSET = UNITS_FINISHED_OFFSET + LINE;
    public static final long REQUEUES_OFFSET = ERROR_OWNER_OFFSET + LINE;

    // Job fields
    public static final long JOB_FIELDS_OFFSET = REQUEUES_OFFSET + LINE;
    public static final long JOB_ID_OFFSET = JOB_FIELDS_OFFSET;
    public static final long TOTAL_UNITS_OFFSET = JOB_ID_OFFSET + Long.BYTES;
    public static final long FIRST_UNIT_OFFSET = TOTAL_UNITS_OFFSET + Long.BYTES;
    public static final long CHUNK_SIZE_OFFSET = FIRST_UNIT_OFFSET + Long.BYTES;
    public static final long CHUNKS_OFFSET = CHUNK_SIZE_OFFSET + Long.BYTES;
    public static final long SCHEDULE_OFFSET = CHUNKS_OFFSET + Long.BYTES;
    public static final long SEED_OFFSET = SCHEDULE_OFFSET + Long.BYTES;
    public static final long RESULT_WORDS_OFFSET = SEED_OFFSET + Long.BYTES;
    public static final long JOB_WORKERS_OFFSET = RESULT_WORDS_OFFSET + Long.BYTES;
    public static final long KERNEL_LENGTH_OFFSET = JOB_WORKERS_OFFSET + Long.BYTES;
    public static final long KERNEL_OFFSET = KERNEL_LENGTH_OFFSET + Long.BYTES;
    public static final int KERNEL_CAPACITY = 512;
    public static final long PARAMS_LENGTH_OFFSET = KERNEL_OFFSET + KERNEL_CAPACITY;
    public static final long PARAMS_OFFSET = PARAMS_LENGTH_OFFSET + Long.BYTES;
    public static final int PARAMS_CAPACITY = 16 * 1024;

    // Error record
    public static final long ERROR_LENGTH_OFFSET = PARAMS_OFFSET + PARAMS_CAPACITY;
    public static final long ERROR_TEXT_OFFSET = ERROR_LENGTH_OFFSET + Long.BYTES;
    public static final int ERROR_CAPACITY = 32 * 1024;

    // Worker slots
    public static final long WORKERS_OFFSET = align(ERROR_TEXT_OFFSET + ERROR_CAPACITY);
    public static final int WORKER_SLOT_SIZE = 2 * LINE;
    public static final long W_PID = 0;
    public static final long W_START = W_PID + Long.BYTES;
    public static final long W_STATE = W_START + Long.BYTES;
    public static final long W_FINISHED_SEQ = W_STATE + Long.BYTES;
    public static final long W_HEARTBEAT = LINE;
    public static final long W_CHUNKS = W_HEARTBEAT + Long.BYTES;

    /** Worker states. */
    public static final long WORKER_ABSENT = 0;
    public static final long WORKER_READY = 1;
    public static final long WORKER_BUSY = 2;
    public static final long WORKER_EXITED = 3;

    // Chunk slots
    public static final int CHUNK_SLOT_SIZE = LINE;
    public static final long C_STATE = 0;
    public static final long C_RESULT = 16;
    /** Most result words a kernel may return per chunk. */
    public static final int MAX_RESULT_WORDS = (CHUNK_SLOT_SIZE - (int) C_RESULT) / Long.BYTES;

    /** Chunk states; CLAIMED carries the worker index + 1 in its upper bits. */
    public static final long CHUNK_PENDING = 0;
    public static final long CHUNK_DONE = 1;
    public static final long CHUNK_PARTIAL = 2;
    public static final long CHUNK_REQUEUED = 3;
    public static final long CHUNK_CLAIMED = 4;

    public static long claimed(int worker) {
        return CHUNK_CLAIMED | ((long) (worker + 1) << 8);
    }

    public static boolean isClaimed(long state) {
        return (state & 0xFF) == CHUNK_CLAIMED;
    }

    public static int claimOwner(long state) {
        return (int) (state >>> 8) - 1;
    }

    /** Job states. */
    public static final long JOB_IDLE = 0;
    public static final long JOB_RUNNING = 1;
    public static final long JOB_FINISHED = 2;

    /** Stop reasons carried by the stop flag. */
    public static final long STOP_CANCEL = 1;
    public static final long STOP_FOUND = 2;
    public static final long STOP_ERROR = 3;
    public static final long STOP_SHUTDOWN = 4;

    public static long workerSlot(int worker) {
        return WORKERS_OFFSET + (long) worker * WORKER_SLOT_SIZE;
    }

    public static long chunksOffset(int workers) {
        return align(WORKERS_OFFSET + (long) workers * WORKER_SLOT_SIZE);
    }

    public static long chunkSlot(int workers, long chunk) {
        return chunksOffset(workers) + chunk * CHUNK_SLOT_SIZE;
    }

    /** Payload bytes of a control region for {@code workers} workers and {@code chunkCapacity} chunks. */
    public static long payloadLength(int workers, int chunkCapacity) {
        return chunksOffset(workers) + (long) chunkCapacity * CHUNK_SLOT_SIZE;
    }

    private static long align(long offset) {
        return (offset + 4095) & ~4095L;
    }
}
