package dev.shmc.engine.service;

import dev.shmc.shm.ShmConfig;

/**
 * Layout of the resident service's region ({@code service.region} in the region directory): the
 * service's state and the submission slots through which clients hand it jobs and read their
 * results. Nothing between a client and the service goes through sockets or pipes.
 *
 * <pre>
 *  +------------------------------------------------------------+ 0
 *  | GLOBAL (written once before READY): layout version, slots, |
 *  |   slot length, workers, mode, control region name          |
 *  +------------------------------------------------------------+ STATE_OFFSET
 *  | service state (STARTING / READY / DRAINING / STOPPING)     | each on its own 128 B line
 *  | heartbeat (epoch ms, every {@link #HEARTBEAT_MS} ms)       |
 *  | next ticket (clients' getAndAdd: the order jobs run in)    |
 *  | stop request (DRAIN / CANCEL)                              |
 *  | jobs finished                                              |
 *  +------------------------------------------------------------+ SLOTS_OFFSET
 *  | SLOT 0 .. SLOTS-1, SLOT_LENGTH each:                       |
 *  |   owner (client pid; CAS 0 -> pid claims a free slot)      |
 *  |   state (SUBMITTED / QUEUED / RUNNING / DONE / REFUSED /   |
 *  |     RELEASED), cancel word, progress, abandoned word       |
 *  |   request: owner start, ticket, units, chunk size,         |
 *  |     schedule, seed, flags, resume id, label, kernel class, |
 *  |     params (len + 16 KiB)                                  |
 *  |   response: job id, status, chunks, done, skipped,         |
 *  |     seconds, layout, result words, error (len + 4 KiB),    |
 *  |     result (up to {@link #INLINE_RESULT_WORDS} longs)      |
 *  +------------------------------------------------------------+
 * </pre>
 *
 * One owner per word: a client claims a slot by a compare-and-set of its owner word, writes the
 * request plainly and release-stores SUBMITTED; only the service writes the response and moves
 * the state on from there (QUEUED once the job is accepted and has its id, DONE once the result is
 * written), except RELEASED, which the client stores when it has read the result, and the cancel
 * and abandoned words, which only the client raises. The service frees a slot by clearing it and
 * release-storing owner 0 last. Results larger than the slot's are written to a file of their own
 * ({@link ServiceRegion#resultFileName}), which the service removes when the slot is freed.
 */
public final class ServiceDescriptor {
    private ServiceDescriptor() {
    }

    private static final int LINE = ShmConfig.PADDED_WORD;

    /** Service layout version (in the GLOBAL section, release-stored last of it). */
    public static final int LAYOUT_VERSION = 1;

    /** The service region's name in the region directory. */
    public static final String REGION_NAME = "service";

    /** How many jobs may be queued or running at once; a client waits for a free slot beyond that. */
    public static final int SLOTS = 64;

    /** How often the service stamps its heartbeat, ms. */
    public static final long HEARTBEAT_MS = 100;

    // GLOBAL
    public static final long LAYOUT_OFFSET = 0;
    public static final long SLOT_COUNT_OFFSET = LAYOUT_OFFSET + Long.BYTES;
    public static final long SLOT_LENGTH_OFFSET = SLOT_COUNT_OFFSET + Long.BYTES;
    public static final long WORKERS_OFFSET = SLOT_LENGTH_OFFSET + Long.BYTES;
    public static final long MODE_OFFSET = WORKERS_OFFSET + Long.BYTES;
    public static final long STARTUP_NANOS_OFFSET = MODE_OFFSET + Long.BYTES;
    public static final long CONTROL_NAME_LENGTH_OFFSET = STARTUP_NANOS_OFFSET + Long.BYTES;
    public static final long CONTROL_NAME_OFFSET = CONTROL_NAME_LENGTH_OFFSET + Long.BYTES;
    public static final int CONTROL_NAME_CAPACITY = 256;

    // service words, one line each
    public static final long STATE_OFFSET = 1024;
    public static final long HEARTBEAT_OFFSET = STATE_OFFSET + LINE;
    public static final long TICKET_OFFSET = HEARTBEAT_OFFSET + LINE;
    public static final long STOP_REQUEST_OFFSET = TICKET_OFFSET + LINE;
    public static final long JOBS_FINISHED_OFFSET = STOP_REQUEST_OFFSET + LINE;

    public static final long SLOTS_OFFSET = 4096;

    // a slot: contended words first, each on its own line
    public static final long S_OWNER = 0;
    public static final long S_STATE = S_OWNER + LINE;
    public static final long S_CANCEL = S_STATE + LINE;
    public static final long S_PROGRESS = S_CANCEL + LINE;
    public static final long S_ABANDONED = S_PROGRESS + LINE;
    // request (client, plain, published by SUBMITTED)
    public static final long S_OWNER_START = S_ABANDONED + LINE;
    public static final long S_TICKET = S_OWNER_START + Long.BYTES;
    public static final long S_FROM = S_TICKET + Long.BYTES;
    public static final long S_TO = S_FROM + Long.BYTES;
    public static final long S_CHUNK_SIZE = S_TO + Long.BYTES;
    public static final long S_SCHEDULE = S_CHUNK_SIZE + Long.BYTES;
    public static final long S_SEED = S_SCHEDULE + Long.BYTES;
    public static final long S_FLAGS = S_SEED + Long.BYTES;
    public static final long S_RESUME = S_FLAGS + Long.BYTES;           // length + bytes
    public static final int RESUME_CAPACITY = 120;
    public static final long S_LABEL = S_RESUME + Long.BYTES + RESUME_CAPACITY;
    public static final int LABEL_CAPACITY = 512;
    public static final long S_KERNEL = S_LABEL + Long.BYTES + LABEL_CAPACITY;
    public static final int KERNEL_CAPACITY = 512;
    public static final long S_PARAMS = S_KERNEL + Long.BYTES + KERNEL_CAPACITY;
    public static final int PARAMS_CAPACITY = 16 * 1024;
    // response (service, plain, published by QUEUED / DONE / REFUSED)
    public static final long S_JOB_ID = S_PARAMS + Long.BYTES + PARAMS_CAPACITY;
    public static final int JOB_ID_CAPACITY = 120;
    public static final long S_STATUS = S_JOB_ID + Long.BYTES + JOB_ID_CAPACITY;
    public static final long S_CHUNKS = S_STATUS + Long.BYTES;
    public static final long S_CHUNKS_DONE = S_CHUNKS + Long.BYTES;
    public static final long S_CHUNKS_SKIPPED = S_CHUNKS_DONE + Long.BYTES;
    public static final long S_SECONDS = S_CHUNKS_SKIPPED + Long.BYTES;
    public static final long S_REFUSAL = S_SECONDS + Long.BYTES;
    public static final long S_RESULT_FILE = S_REFUSAL + Long.BYTES;
    public static final long S_EXIT_CODE = S_RESULT_FILE + Long.BYTES;
    public static final long S_LAYOUT = S_EXIT_CODE + Long.BYTES;        // length + bytes
    public static final int LAYOUT_CAPACITY = 120;
    public static final long S_ERROR = S_LAYOUT + Long.BYTES + LAYOUT_CAPACITY;
    public static final int ERROR_CAPACITY = 4096;
    public static final long S_RESULT_WORDS = S_ERROR + Long.BYTES + ERROR_CAPACITY;
    public static final long S_RESULT = S_RESULT_WORDS + Long.BYTES;
    public static final int INLINE_RESULT_WORDS = 1024;
    /** Bytes of one slot. */
    public static final long SLOT_LENGTH = align(S_RESULT + (long) INLINE_RESULT_WORDS * Long.BYTES, 4096);

    /** Bytes of the region's payload. */
    public static final long PAYLOAD_LENGTH = SLOTS_OFFSET + SLOTS * SLOT_LENGTH;

    // service states
    public static final long SERVICE_STARTING = 0;
    public static final long SERVICE_READY = 1;
    public static final long SERVICE_DRAINING = 2;
    public static final long SERVICE_STOPPING = 3;

    // stop requests
    public static final long STOP_NONE = 0;
    public static final long STOP_DRAIN = 1;
    public static final long STOP_CANCEL = 2;

    // slot states
    public static final long SLOT_FREE = 0;
    public static final long SLOT_SUBMITTED = 1;
    public static final long SLOT_QUEUED = 2;
    public static final long SLOT_RUNNING = 3;
    public static final long SLOT_DONE = 4;
    public static final long SLOT_REFUSED = 5;
    public static final long SLOT_RELEASED = 6;

    // refusals
    /** The request was bad (exit 2 in the CLI): an unknown kernel, bad parameters. */
    public static final long REFUSED_BAD_INPUT = 1;
    /** The service could not take it (stopping). */
    public static final long REFUSED_FAILURE = 2;

    // request flags
    public static final long FLAG_KEEP_CHUNK_RESULTS = 1;
    /**
     * The request is a command line, not a job ({@link CommandClient}): its params field holds the
     * arguments (UTF-8, each ended by a NUL byte), its label the command line as status shows it, its
     * kernel field the client's state directory (the service runs it only when that is its own); the
     * service answers with the command's output in a region of its own
     * ({@link ServiceRegion#outputFileName}) and its exit code.
     */
    public static final long FLAG_COMMAND = 2;
    /** A command's client has a terminal on stderr (progress bars are drawn). */
    public static final long FLAG_STDERR_TTY = 4;

    // status words: JobStatus ordinal + 1; FAILED carries the error text
    public static final long STATUS_NONE = 0;

    /** Offset of slot {@code i} in the payload. */
    public static long slot(int i) {
        return SLOTS_OFFSET + i * SLOT_LENGTH;
    }

    private static long align(long n, long to) {
        return (n + to - 1) / to * to;
    }

    /** The state names {@code shmc service status} shows. */
    public static String slotStateName(long state) {
        return switch ((int) state) {
            case (int) SLOT_FREE -> "free";
            case (int) SLOT_SUBMITTED -> "submitted";
            case (int) SLOT_QUEUED -> "queued";
            case (int) SLOT_RUNNING -> "running";
            case (int) SLOT_DONE -> "done";
            case (int) SLOT_REFUSED -> "refused";
            case (int) SLOT_RELEASED -> "released";
            default -> "state-" + state;
        };
    }
}
