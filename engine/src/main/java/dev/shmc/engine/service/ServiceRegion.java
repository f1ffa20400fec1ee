package dev.shmc.engine.service;

import static dev.shmc.engine.service.ServiceDescriptor.*;

import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one reader and writer of the service region's words ({@link ServiceDescriptor}): the
 * service ({@link ServiceHost}) and its clients ({@link ServiceConnection}) go through it, and
 * {@code shmc service status} reads through it. The memory order of each access is in the method's
 * name; a release store is read with an acquire load. Thread-safe; {@link #close} must not race
 * with other calls.
 */
public final class ServiceRegion implements AutoCloseable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final SharedRegion region;
    private final MemorySegment seg;

    private ServiceRegion(SharedRegion region) {
        this.region = region;
        this.seg = region.payload();
    }

    /**
     * The service: creates the region in {@code dir} (refused by {@link SharedRegion#create} when a
     * live service holds it) in state STARTING, with its global section filled and published.
     */
    static ServiceRegion create(Path dir, int workers, int mode, String controlName) {
        SharedRegion region = SharedRegion.create(dir, REGION_NAME, RegionDescriptor.KIND_SERVICE, PAYLOAD_LENGTH);
        ServiceRegion r = new ServiceRegion(region);
        r.set(SLOT_COUNT_OFFSET, SLOTS);
        r.set(SLOT_LENGTH_OFFSET, SLOT_LENGTH);
        r.set(WORKERS_OFFSET, workers);
        r.set(MODE_OFFSET, mode);
        r.writeBytes(CONTROL_NAME_LENGTH_OFFSET, CONTROL_NAME_OFFSET, CONTROL_NAME_CAPACITY,
                controlName.getBytes(StandardCharsets.UTF_8), "control region name");
        // release: an attacher reads the global section only after it sees the layout version
        r.setRelease(LAYOUT_OFFSET, LAYOUT_VERSION);
        return r;
    }

    /**
     * Attaches to the service region at {@code path} (the user's own file, see
     * {@link SharedRegion#attach(Path, boolean)}), read-only for a look ({@code status}).
     *
     * @throws RegionException when it is not a service region of this layout
     */
    static ServiceRegion attach(Path path, boolean readOnly) {
        SharedRegion region = SharedRegion.attach(path, readOnly);
        try {
            if (region.kind() != RegionDescriptor.KIND_SERVICE) {
                throw new RegionException(RegionException.Reason.BAD_FILE, path + " is not a service region (kind "
                        + RegionDescriptor.kindName(region.kind()) + ")");
            }
            if (region.payloadLength() < PAYLOAD_LENGTH) {
                throw new RegionException(RegionException.Reason.BAD_FILE, path + " is too short for a service region");
            }
            ServiceRegion r = new ServiceRegion(region);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (r.getAcquire(LAYOUT_OFFSET) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            long layout = r.getAcquire(LAYOUT_OFFSET);
            if (layout != LAYOUT_VERSION || r.get(SLOT_COUNT_OFFSET) != SLOTS || r.get(SLOT_LENGTH_OFFSET) != SLOT_LENGTH) {
                throw new RegionException(RegionException.Reason.BAD_FILE, path + " has service layout " + layout
                        + " (this shmc speaks " + LAYOUT_VERSION + "): stop that service with the shmc that started it");
            }
            return r;
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /**
     * The service region in {@code dir}, attached, when there is one of the user's own whose
     * creator is alive (a region a dead service left is not one); empty otherwise, without an error.
     */
    static java.util.Optional<ServiceRegion> attachLive(Path dir, boolean readOnly) {
        Path path = path(dir);
        if (!java.nio.file.Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return java.util.Optional.empty();
        }
        ServiceRegion r;
        try {
            r = attach(path, readOnly);
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // another user's, damaged, another layout: not a service to use
        }
        if (r.problem(Long.MAX_VALUE) != null) {
            r.close();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(r);
    }

    /**
     * Why the service cannot answer (its process is gone, or its heartbeat is older than
     * {@code timeoutMs}), or null while it serves.
     */
    String problem(long timeoutMs) {
        if (!dev.shmc.shm.region.Processes.isAlive(servicePid(), serviceStartMillis())) {
            return "the shmc service (pid " + servicePid() + ") has died";
        }
        long beat = System.currentTimeMillis() - heartbeat();
        if (beat > timeoutMs) {
            return "the shmc service (pid " + servicePid() + ") has not answered for " + beat / 1000 + " s";
        }
        return null;
    }

    /** The region file of the service in {@code dir}. */
    public static Path path(Path dir) {
        return dir.resolve(REGION_NAME + RegionDescriptor.FILE_SUFFIX);
    }

    /** Name of the region holding the result of the job in slot {@code slot} with ticket {@code ticket}, when it is too large for the slot. */
    static String resultFileName(int slot, long ticket) {
        return "service-result-" + slot + "-" + ticket;
    }

    /** Name of the region holding the output of the command in slot {@code slot} with ticket {@code ticket}. */
    static String outputFileName(int slot, long ticket) {
        return "service-output-" + slot + "-" + ticket;
    }

    SharedRegion region() {
        return region;
    }

    // ------------------------------------------------------------------ raw access

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

    private boolean compareAndSet(long offset, long expected, long value) {
        return LONG.compareAndSet(seg, offset, expected, value);
    }

    private void writeBytes(long lengthOffset, long dataOffset, int capacity, byte[] data, String what) {
        if (data.length > capacity) {
            throw new IllegalArgumentException(what + " too long for the service: " + data.length + " bytes, at most " + capacity);
        }
        MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, dataOffset, data.length);
        set(lengthOffset, data.length);
    }

    private byte[] readBytes(long lengthOffset, int capacity) {
        int length = (int) Math.max(0, Math.min(capacity, get(lengthOffset)));
        return seg.asSlice(lengthOffset + Long.BYTES, length).toArray(ValueLayout.JAVA_BYTE);
    }

    private void writeText(long offset, int capacity, String text, String what) {
        writeBytes(offset, offset + Long.BYTES, capacity, text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8), what);
    }

    private String readText(long offset, int capacity) {
        return new String(readBytes(offset, capacity), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the service's words

    public long serviceState() {
        return getAcquire(STATE_OFFSET);
    }

    void setServiceStateRelease(long state) {
        setRelease(STATE_OFFSET, state);
    }

    /** The service's last heartbeat, epoch ms. */
    public long heartbeat() {
        return getAcquire(HEARTBEAT_OFFSET);
    }

    void setHeartbeatRelease(long millis) {
        setRelease(HEARTBEAT_OFFSET, millis);
    }

    long takeTicket() {
        return (long) LONG.getAndAdd(seg, TICKET_OFFSET, 1L);
    }

    public long stopRequest() {
        return getAcquire(STOP_REQUEST_OFFSET);
    }

    /** Raises the stop request to {@code request} unless a stronger one is already raised. */
    public void requestStop(long request) {
        long current;
        do {
            current = getAcquire(STOP_REQUEST_OFFSET);
        } while (current < request && !compareAndSet(STOP_REQUEST_OFFSET, current, request));
    }

    public long jobsFinished() {
        return getAcquire(JOBS_FINISHED_OFFSET);
    }

    void addJobFinished() {
        LONG.getAndAdd(seg, JOBS_FINISHED_OFFSET, 1L);
    }

    public int workers() {
        return (int) get(WORKERS_OFFSET);
    }

    /** The engine's mode (the ordinal of {@code Mode}). */
    public int mode() {
        return (int) get(MODE_OFFSET);
    }

    void setStartupNanos(long nanos) {
        set(STARTUP_NANOS_OFFSET, nanos);
    }

    /** Seconds the service took to start its workers. */
    public double startupSeconds() {
        return get(STARTUP_NANOS_OFFSET) / 1e9;
    }

    /** Name of the service engine's control region (for {@code shmc stat} and the status). */
    public String controlName() {
        return new String(readBytes(CONTROL_NAME_LENGTH_OFFSET, CONTROL_NAME_CAPACITY), StandardCharsets.UTF_8);
    }

    public long servicePid() {
        return region.creatorPid();
    }

    public long serviceStartMillis() {
        return region.creatorStartMillis();
    }

    // ------------------------------------------------------------------ slots: contended words

    public long owner(int slot) {
        return getAcquire(slot(slot) + S_OWNER);
    }

    /** Client: claims a free slot for {@code pid}. */
    boolean claim(int slot, long pid) {
        return get(slot(slot) + S_OWNER) == 0 && compareAndSet(slot(slot) + S_OWNER, 0, pid);
    }

    public long state(int slot) {
        return getAcquire(slot(slot) + S_STATE);
    }

    void setStateRelease(int slot, long state) {
        setRelease(slot(slot) + S_STATE, state);
    }

    boolean cancelRequested(int slot) {
        return getAcquire(slot(slot) + S_CANCEL) != 0;
    }

    void requestCancel(int slot) {
        setRelease(slot(slot) + S_CANCEL, 1);
    }

    /** Fraction of the job's units finished, 0 to 1. */
    public double progress(int slot) {
        return Double.longBitsToDouble(getAcquire(slot(slot) + S_PROGRESS));
    }

    void setProgressRelease(int slot, double fraction) {
        setRelease(slot(slot) + S_PROGRESS, Double.doubleToRawLongBits(fraction));
    }

    boolean abandoned(int slot) {
        return getAcquire(slot(slot) + S_ABANDONED) != 0;
    }

    void abandon(int slot) {
        setRelease(slot(slot) + S_ABANDONED, 1);
    }

    /** Service: clears a slot and frees it (owner 0, release-stored last). */
    void free(int slot) {
        long base = slot(slot);
        set(base + S_STATE, SLOT_FREE);
        set(base + S_CANCEL, 0);
        set(base + S_PROGRESS, 0);
        set(base + S_ABANDONED, 0);
        set(base + S_JOB_ID, 0);
        set(base + S_ERROR, 0);
        set(base + S_RESULT_FILE, 0);
        set(base + S_STATUS, STATUS_NONE);
        set(base + S_REFUSAL, 0);
        set(base + S_EXIT_CODE, 0);
        set(base + S_FLAGS, 0);
        // release: a client that claims the slot sees it cleared
        setRelease(base + S_OWNER, 0);
    }

    // ------------------------------------------------------------------ slots: the request

    /** A job as a client hands it to the service. */
    record Request(long ownerStart, long ticket, long from, long to, long chunkSize, int schedule, long seed, long flags,
                   String resume, String label, String kernel, byte[] params) {
    }

    /** Client: writes the request into its claimed slot (plain; published by {@link #setStateRelease SUBMITTED}). */
    void writeRequest(int slot, Request r) {
        long base = slot(slot);
        set(base + S_OWNER_START, r.ownerStart());
        set(base + S_TICKET, r.ticket());
        set(base + S_FROM, r.from());
        set(base + S_TO, r.to());
        set(base + S_CHUNK_SIZE, r.chunkSize());
        set(base + S_SCHEDULE, r.schedule());
        set(base + S_SEED, r.seed());
        set(base + S_FLAGS, r.flags());
        writeText(base + S_RESUME, RESUME_CAPACITY, r.resume(), "resumed job id");
        writeText(base + S_LABEL, LABEL_CAPACITY, r.label(), "job label");
        writeText(base + S_KERNEL, KERNEL_CAPACITY, r.kernel(), "kernel class name");
        writeBytes(base + S_PARAMS, base + S_PARAMS + Long.BYTES, PARAMS_CAPACITY, r.params(), "job parameters");
    }

    /** Service: reads a submitted request (after an acquire load of SUBMITTED). */
    Request readRequest(int slot) {
        long base = slot(slot);
        String resume = readText(base + S_RESUME, RESUME_CAPACITY);
        return new Request(get(base + S_OWNER_START), get(base + S_TICKET), get(base + S_FROM), get(base + S_TO),
                get(base + S_CHUNK_SIZE), (int) get(base + S_SCHEDULE), get(base + S_SEED), get(base + S_FLAGS),
                resume.isEmpty() ? null : resume, readText(base + S_LABEL, LABEL_CAPACITY), readText(base + S_KERNEL, KERNEL_CAPACITY),
                readBytes(base + S_PARAMS, PARAMS_CAPACITY));
    }

    public long ticket(int slot) {
        return get(slot(slot) + S_TICKET);
    }

    public long ownerStart(int slot) {
        return get(slot(slot) + S_OWNER_START);
    }

    public String label(int slot) {
        return readText(slot(slot) + S_LABEL, LABEL_CAPACITY);
    }

    // ------------------------------------------------------------------ slots: the response

    /** Service: the job's id, before QUEUED is release-stored. */
    void writeJobId(int slot, String id) {
        writeText(slot(slot) + S_JOB_ID, JOB_ID_CAPACITY, id, "job id");
    }

    public String jobId(int slot) {
        return readText(slot(slot) + S_JOB_ID, JOB_ID_CAPACITY);
    }

    /** Service: why a request was refused ({@code REFUSED_*}) and the message, before REFUSED is release-stored. */
    void writeRefusal(int slot, long kind, String message) {
        set(slot(slot) + S_REFUSAL, kind);
        writeText(slot(slot) + S_ERROR, ERROR_CAPACITY, clip(message), "error");
    }

    long refusal(int slot) {
        return get(slot(slot) + S_REFUSAL);
    }

    String error(int slot) {
        return readText(slot(slot) + S_ERROR, ERROR_CAPACITY);
    }

    /** The result's summary as the service writes it before DONE. */
    record Outcome(long status, long chunks, long chunksDone, long chunksSkipped, double seconds, String layout, String error,
                   boolean inFile) {
    }

    /** Service: writes the outcome and, when {@code words} fits, the result itself; plain, published by DONE. */
    void writeOutcome(int slot, Outcome o, long[] words) {
        long base = slot(slot);
        set(base + S_STATUS, o.status());
        set(base + S_CHUNKS, o.chunks());
        set(base + S_CHUNKS_DONE, o.chunksDone());
        set(base + S_CHUNKS_SKIPPED, o.chunksSkipped());
        set(base + S_SECONDS, Double.doubleToRawLongBits(o.seconds()));
        set(base + S_RESULT_FILE, o.inFile() ? 1 : 0);
        writeText(base + S_LAYOUT, LAYOUT_CAPACITY, o.layout(), "result layout");
        writeText(base + S_ERROR, ERROR_CAPACITY, clip(o.error()), "error");
        if (!o.inFile()) {
            set(base + S_RESULT_WORDS, words.length);
            MemorySegment.copy(words, 0, seg, ValueLayout.JAVA_LONG, base + S_RESULT, words.length);
        } else {
            set(base + S_RESULT_WORDS, 0);
        }
    }

    /** Client: reads the outcome (after an acquire load of DONE). */
    Outcome readOutcome(int slot) {
        long base = slot(slot);
        String error = readText(base + S_ERROR, ERROR_CAPACITY);
        return new Outcome(get(base + S_STATUS), get(base + S_CHUNKS), get(base + S_CHUNKS_DONE), get(base + S_CHUNKS_SKIPPED),
                Double.longBitsToDouble(get(base + S_SECONDS)), readText(base + S_LAYOUT, LAYOUT_CAPACITY),
                error.isEmpty() ? null : error, get(base + S_RESULT_FILE) != 0);
    }

    /** Client: the inline result words (when the outcome is not in a file). */
    long[] readInlineResult(int slot) {
        long base = slot(slot);
        int n = (int) Math.max(0, Math.min(INLINE_RESULT_WORDS, get(base + S_RESULT_WORDS)));
        long[] words = new long[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_LONG, base + S_RESULT, words, 0, n);
        return words;
    }

    /** Service: a command's exit code, before DONE is release-stored. */
    void writeExitCode(int slot, int code) {
        set(slot(slot) + S_EXIT_CODE, code);
    }

    /** Client: a command's exit code (after an acquire load of DONE). */
    int exitCode(int slot) {
        return (int) get(slot(slot) + S_EXIT_CODE);
    }

    long flags(int slot) {
        return get(slot(slot) + S_FLAGS);
    }

    /** A message cut to fit the slot's error field (UTF-8 bytes, at a character boundary). */
    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        if (text.getBytes(StandardCharsets.UTF_8).length <= ERROR_CAPACITY) {
            return text;
        }
        int end = Math.min(text.length(), ERROR_CAPACITY / 4);
        return text.substring(0, end) + "...";
    }

    public Path path() {
        return region.path();
    }

    /** Deletes the file (the service, when it stops). */
    void delete() {
        region.delete();
    }

    @Override
    public void close() {
        region.close();
    }
}
