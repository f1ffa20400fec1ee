package dev.shmc.engine.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.shm.region.Processes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * The job registry and the chunk checkpoints, in two Chronicle Maps persisted (memory-mapped
 * files) in the {@link StateDirectory state directory}:
 *
 * <pre>
 * $STATE/                    mode 0700, see StateDirectory
 *   jobs.v1.cmap             job id            -&gt; job record (JSON text, below)
 *   checkpoints.v1.cmap      "JOBID#CHUNK"     -&gt; a finished chunk's result words, 8 bytes each, little-endian
 * </pre>
 *
 * <p>A job record (format 1) is one JSON object with the fields of {@link JobRecord} plus the
 * format and the process that runs the job:
 * <pre>
 * {"v":1, "id":"j20261122-135739-0a1f", "label":"pi", "kernel":"dev.shmc...PiJobKernel",
 *  "params":"{samples=1000, kernel=vector}", "seed":42, "from":0, "to":16, "chunkSize":1, "chunks":16,
 *  "workers":2, "mode":"processes", "status":"RUNNING", "started":1795345059000, "finished":0,
 *  "chunksDone":3, "result":"", "pid":4242, "pidStart":1795345058000}
 * </pre>
 * {@code status} is a {@link JobStatus} name or {@value #RUNNING}. A record that says
 * {@value #RUNNING} while its process ({@code pid} started at {@code pidStart}) is gone is read
 * back as {@value #INTERRUPTED}: the coordinator crashed or was killed, and the job can be resumed.
 * The file names carry the format version, so an incompatible format gets new files.
 *
 * <p><b>Limits.</b> The newest {@value #DEFAULT_MAX_JOBS} jobs are kept: starting one more drops
 * the oldest finished ones with their checkpoints; jobs that are running are never dropped.
 * The checkpoint map is sized for {@value #CHECKPOINT_ENTRIES} chunks (one job of the largest
 * size, {@link EngineConfig#CHUNK_CAPACITY} chunks, by default) and may grow to
 * {@value #CHECKPOINT_MAX_BLOAT} times that; checkpoints of jobs that ended COMPLETED or FOUND are
 * dropped when they end, those of cancelled, failed and interrupted jobs stay until they are
 * resumed to completion or removed ({@code shmc jobs clear}). When a map is nevertheless full,
 * the job runs on and is reported once on the warning sink; it is then not resumable past that
 * point.
 *
 * <p><b>Processes and threads.</b> Several processes may open the registry at once (each CLI run
 * does): Chronicle Map creates a file under an exclusive file lock and keeps its segment locks in
 * the mapped file, so concurrent access from several processes is safe. Writes to one job come
 * from the process that runs it. All methods are thread-safe; {@link #close()} waits for calls in
 * progress, and calls after it do nothing (reads return nothing).
 *
 * <p>Write failures (a full map, a closed store) never fail a job: a computed result is worth more
 * than its record. They go to the warning sink, once per job.
 */
public final class ChronicleJobStore implements JobStore {
    /** Status of a job whose coordinator is running it. */
    public static final String RUNNING = "RUNNING";
    /** Status read back for a {@value #RUNNING} job whose coordinator process is gone. */
    public static final String INTERRUPTED = "INTERRUPTED";

    /** Job map file (the name carries the record format version). */
    public static final String JOBS_FILE = "jobs.v1.cmap";
    /** Checkpoint map file. */
    public static final String CHECKPOINTS_FILE = "checkpoints.v1.cmap";
    private static final int FORMAT = 1;

    /** Jobs kept: more than anyone lists, few enough to list (and prune) in milliseconds. */
    public static final int DEFAULT_MAX_JOBS = 1000;
    /** Entries the job map is laid out for; twice the jobs kept, so it never needs extra tiers. */
    static final long JOB_ENTRIES = 2 * DEFAULT_MAX_JOBS;
    /** Average job record size: a long kernel class name and parameters fit in about 400 bytes. */
    static final double JOB_RECORD_BYTES = 512;
    /** Growth allowed beyond {@link #JOB_ENTRIES} (Chronicle allocates extra tiers on demand). */
    static final double JOB_MAX_BLOAT = 4;
    /** Chunks the checkpoint map is laid out for: one job of the largest size. */
    static final long CHECKPOINT_ENTRIES = 1 << 16;
    /**
     * Growth allowed beyond {@link #CHECKPOINT_ENTRIES}: room for at least 4 jobs of the largest
     * size. The file is sparse: about 36 MB long, but disk blocks are taken only as entries are
     * written (the price: a write that finds the disk full kills the process with SIGBUS).
     */
    static final double CHECKPOINT_MAX_BLOAT = 4;
    /** Average result size in bytes: kernels return 1 to 14 words, most 1 to 4. */
    static final double CHECKPOINT_VALUE_BYTES = 24;
    private static final String SAMPLE_JOB_ID = "j20261122-135739-0a1f";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final int maxJobs;
    private final Consumer<String> warnings;
    private final ChronicleMap<String, String> jobs;
    private final ChronicleMap<String, byte[]> checkpoints;
    // read: any map access; write: close (so no call touches an unmapped map)
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<String> warnedJobs = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** Opens (creating if needed) the registry in {@link StateDirectory#resolve()}. */
    public static ChronicleJobStore open(Consumer<String> warnings) {
        return new ChronicleJobStore(StateDirectory.resolve(), warnings);
    }

    /** True when a registry exists in {@code directory} (so a reader need not create one). */
    public static boolean exists(Path directory) {
        return Files.exists(directory.resolve(JOBS_FILE));
    }

    /**
     * Opens (creating if needed) the registry in {@code directory}.
     *
     * @param warnings receives one-line warnings (a full map); never null
     * @throws IllegalStateException when the directory or a map file cannot be opened
     */
    public ChronicleJobStore(Path directory, Consumer<String> warnings) {
        this(directory, DEFAULT_MAX_JOBS, CHECKPOINT_ENTRIES, warnings);
    }

    /** With other limits, for tests ({@code checkpointEntries} applies only when the file is created). */
    ChronicleJobStore(Path directory, int maxJobs, long checkpointEntries, Consumer<String> warnings) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1: " + maxJobs);
        }
        this.directory = directory.toAbsolutePath();
        this.maxJobs = maxJobs;
        this.warnings = warnings;
        StateDirectory.ensure(this.directory);
        this.jobs = openMap(ChronicleMap.of(String.class, String.class).name("shmc-jobs").entries(JOB_ENTRIES)
                .averageKey(SAMPLE_JOB_ID).averageValueSize(JOB_RECORD_BYTES).maxBloatFactor(JOB_MAX_BLOAT), JOBS_FILE);
        try {
            this.checkpoints = openMap(ChronicleMap.of(String.class, byte[].class).name("shmc-checkpoints")
                    .entries(checkpointEntries).averageKey(checkpointKey(SAMPLE_JOB_ID, 12_345))
                    .averageValueSize(CHECKPOINT_VALUE_BYTES).maxBloatFactor(CHECKPOINT_MAX_BLOAT).sparseFile(true),
                    CHECKPOINTS_FILE);
        } catch (RuntimeException e) {
            jobs.close();
            throw e;
        }
        // Load the classes of a query and of the record format now, at open, rather than on the
        // first write, which a coordinator makes while it times a job.
        jobs.containsKey(SAMPLE_JOB_ID);
        checkpoints.containsKey(checkpointKey(SAMPLE_JOB_ID, 0));
        decode(encode(new JobRecord(SAMPLE_JOB_ID, "", "", "", 0, 0, 0, 0, 0, 0, "", RUNNING, 0, 0, 0, ""), 0, 0));
    }

    private <V> ChronicleMap<String, V> openMap(ChronicleMapBuilder<String, V> builder, String fileName) {
        Path file = directory.resolve(fileName);
        try {
            // closed by close(), under the lock: Chronicle's own exit hook could unmap a map in use
            return builder.skipCloseOnExitHook(true).createPersistedTo(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot open the job registry file " + file + ": " + e.getMessage()
                    + " (if it is damaged, remove it: only the job list and checkpoints are lost)", e);
        }
    }

    /** The state directory this registry lives in. */
    public Path directory() {
        return directory;
    }

    // ------------------------------------------------------------------ JobStore

    @Override
    public void started(JobRecord job) {
        write(job.id(), "record job " + job.id(), () -> {
            if (!jobs.containsKey(job.id()) && jobs.size() >= maxJobs) {
                prune(jobs.size() - maxJobs + 1 + maxJobs / 10, job.id());
            }
            jobs.put(job.id(), encode(job, Processes.selfPid(), Processes.selfStartMillis()));
        });
    }

    @Override
    public void chunkDone(String jobId, long chunk, long[] words) {
        write(jobId, "checkpoint job " + jobId, () -> checkpoints.put(checkpointKey(jobId, chunk), encodeWords(words)));
    }

    @Override
    public Map<Long, long[]> finishedChunks(String jobId) {
        return read(Map.of(), () -> {
            Map<Long, long[]> done = new HashMap<>();
            String value = jobs.get(jobId);
            if (value == null) {
                return done;
            }
            long chunks = decode(value).chunks();
            for (long c = 0; c < chunks; c++) {
                byte[] words = checkpoints.get(checkpointKey(jobId, c));
                if (words != null) {
                    done.put(c, decodeWords(words));
                }
            }
            return done;
        });
    }

    @Override
    public void finished(String jobId, JobStatus status, long chunksDone, String result, long finishedAtMillis) {
        write(jobId, "record the end of job " + jobId, () -> {
            String value = jobs.get(jobId);
            if (value == null) {
                return; // never recorded (a full map, already warned) or removed meanwhile
            }
            JsonNode node = parse(value);
            JobRecord old = decode(node);
            JobRecord ended = new JobRecord(old.id(), old.label(), old.kernel(), old.params(), old.seed(), old.from(), old.to(),
                    old.chunkSize(), old.chunks(), old.workers(), old.mode(), status.name(), old.startedAtMillis(), finishedAtMillis,
                    chunksDone, result);
            jobs.put(jobId, encode(ended, node.path("pid").asLong(), node.path("pidStart").asLong()));
            if (status == JobStatus.COMPLETED || status == JobStatus.FOUND) {
                // the result is final: nothing left to resume
                removeCheckpoints(jobId, old.chunks());
            }
        });
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
        return read(Optional.empty(), () -> {
            String value = jobs.get(jobId);
            return value == null ? Optional.<JobRecord>empty() : Optional.of(decodeLive(value));
        });
    }

    /** All jobs, newest first (by start time, then id). */
    @Override
    public List<JobRecord> list() {
        return read(List.of(), this::listLocked);
    }

    private List<JobRecord> listLocked() {
        List<JobRecord> all = new ArrayList<>();
        for (String value : jobs.values()) {
            try {
                all.add(decodeLive(value));
            } catch (IllegalStateException e) {
                // an unreadable record (a newer format written into this file?): not listed
            }
        }
        all.sort(NEWEST_FIRST);
        return all;
    }

    private static final Comparator<JobRecord> NEWEST_FIRST =
            Comparator.comparingLong(JobRecord::startedAtMillis).thenComparing(JobRecord::id).reversed();

    // ------------------------------------------------------------------ maintenance

    /** How many chunk results are checkpointed for {@code jobId}. */
    public int checkpointCount(String jobId) {
        return finishedChunks(jobId).size();
    }

    /** Chunk results in the checkpoint map, all jobs. */
    public long checkpointCount() {
        return read(0L, () -> (long) checkpoints.size());
    }

    /**
     * What {@link #clear} did.
     *
     * @param jobs        jobs removed
     * @param checkpoints chunk checkpoints removed
     * @param kept        jobs left in the registry
     */
    public record Cleared(int jobs, long checkpoints, int kept) {
    }

    /**
     * Removes the jobs that ended (completed, found, cancelled, failed), with their checkpoints,
     * and checkpoints whose job is no longer listed. Interrupted jobs (resumable) are removed only
     * with {@code interruptedToo}; running jobs never.
     */
    public Cleared clear(boolean interruptedToo) {
        return read(new Cleared(0, 0, 0), () -> {
            int removedJobs = 0;
            long before = checkpoints.size();
            for (JobRecord job : listLocked()) {
                boolean ended = !job.status().equals(RUNNING) && !job.status().equals(INTERRUPTED);
                if (ended || interruptedToo && job.status().equals(INTERRUPTED)) {
                    removeCheckpoints(job.id(), job.chunks());
                    if (jobs.remove(job.id()) != null) {
                        removedJobs++;
                    }
                }
            }
            removeOrphanCheckpoints();
            return new Cleared(removedJobs, Math.max(0, before - checkpoints.size()), jobs.size());
        });
    }

    /** Drops the {@code count} oldest jobs that are not running (never {@code keep}). */
    private void prune(int count, String keep) {
        List<JobRecord> all = listLocked();
        int removed = 0;
        for (int i = all.size() - 1; i >= 0 && removed < count; i--) {
            JobRecord job = all.get(i);
            if (!job.status().equals(RUNNING) && !job.id().equals(keep)) {
                removeCheckpoints(job.id(), job.chunks());
                jobs.remove(job.id());
                removed++;
            }
        }
    }

    private void removeCheckpoints(String jobId, long chunks) {
        for (long c = 0; c < chunks; c++) {
            checkpoints.remove(checkpointKey(jobId, c));
        }
    }

    private void removeOrphanCheckpoints() {
        Set<String> known = new HashSet<>(jobs.keySet());
        List<String> orphans = new ArrayList<>();
        for (String key : checkpoints.keySet()) {
            int hash = key.lastIndexOf('#');
            if (hash < 0 || !known.contains(key.substring(0, hash))) {
                orphans.add(key);
            }
        }
        orphans.forEach(checkpoints::remove);
    }

    // ------------------------------------------------------------------ locking and failures

    private <T> T read(T whenClosed, Supplier<T> body) {
        lock.readLock().lock();
        try {
            return closed ? whenClosed : body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void write(String jobId, String what, Runnable body) {
        lock.readLock().lock();
        try {
            if (!closed) {
                body.run();
            }
        } catch (RuntimeException e) {
            if (warnedJobs.add(jobId)) {
                warnings.accept("cannot " + what + " in the job registry: " + describe(e)
                        + "; the job goes on, but may not be resumable");
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private String describe(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof IllegalStateException && (message.contains("segment tier") || message.contains("is full"))) {
            return "the registry in " + directory + " is full (" + jobs.size() + " jobs, " + checkpoints.size()
                    + " chunk checkpoints); 'shmc jobs clear' makes room";
        }
        return message.lines().findFirst().orElse(e.toString());
    }

    /** Closes both maps; waits for calls in progress. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                jobs.close();
            } finally {
                checkpoints.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ encoding

    static String checkpointKey(String jobId, long chunk) {
        return jobId + '#' + chunk;
    }

    static byte[] encodeWords(long[] words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            b.putLong(w);
        }
        return b.array();
    }

    static long[] decodeWords(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] words = new long[bytes.length / Long.BYTES];
        for (int i = 0; i < words.length; i++) {
            words[i] = b.getLong();
        }
        return words;
    }

    static String encode(JobRecord job, long pid, long pidStart) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FORMAT);
        n.put("id", job.id());
        n.put("label", job.label());
        n.put("kernel", job.kernel());
        n.put("params", job.params());
        n.put("seed", job.seed());
        n.put("from", job.from());
        n.put("to", job.to());
        n.put("chunkSize", job.chunkSize());
        n.put("chunks", job.chunks());
        n.put("workers", job.workers());
        n.put("mode", job.mode());
        n.put("status", job.status());
        n.put("started", job.startedAtMillis());
        n.put("finished", job.finishedAtMillis());
        n.put("chunksDone", job.chunksDone());
        n.put("result", job.result());
        n.put("pid", pid);
        n.put("pidStart", pidStart);
        return n.toString();
    }

    private static JsonNode parse(String value) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n == null || !n.isObject() || n.path("v").asInt() != FORMAT) {
                throw new IllegalStateException("not a format " + FORMAT + " job record: " + value);
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt job record: " + e.getOriginalMessage(), e);
        }
    }

    static JobRecord decode(String value) {
        return decode(parse(value));
    }

    private static JobRecord decode(JsonNode n) {
        return new JobRecord(n.path("id").asText(), n.path("label").asText(), n.path("kernel").asText(), n.path("params").asText(),
                n.path("seed").asLong(), n.path("from").asLong(), n.path("to").asLong(), n.path("chunkSize").asLong(),
                n.path("chunks").asLong(), n.path("workers").asInt(), n.path("mode").asText(), n.path("status").asText(),
                n.path("started").asLong(), n.path("finished").asLong(), n.path("chunksDone").asLong(), n.path("result").asText());
    }

    /** Decodes a record; a running job whose process is gone reads as {@value #INTERRUPTED}. */
    private static JobRecord decodeLive(String value) {
        JsonNode n = parse(value);
        JobRecord r = decode(n);
        if (r.status().equals(RUNNING) && !Processes.isAlive(n.path("pid").asLong(), n.path("pidStart").asLong())) {
            return new JobRecord(r.id(), r.label(), r.kernel(), r.params(), r.seed(), r.from(), r.to(), r.chunkSize(), r.chunks(),
                    r.workers(), r.mode(), INTERRUPTED, r.startedAtMillis(), r.finishedAtMillis(), r.chunksDone(), r.result());
        }
        return r;
    }
}
