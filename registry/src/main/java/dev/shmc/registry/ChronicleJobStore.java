package dev.shmc.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.config.StateDirectory;
import dev.shmc.shm.region.Processes;
import java.io.IOException;
import java.nio.file.FileSystemException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
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
 *   registry.lock            its POSIX lock orders the processes; 8 bytes count the map files' generations (RegistryLock)
 *   *.damaged-20261201T084512Z   files found damaged, moved aside (never read again, never deleted)
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
 * <p><b>Damage.</b> A map file that is not whole (empty, truncated, a garbled or incomplete
 * header, a file of another format: {@link ChronicleMapFile#check}) or holds an entry that does
 * not read back (garbled data pages: Chronicle fails, or the entry's checksum does not match) is
 * found when the registry opens, which reads every entry once, or by the call that reads it
 * later. Both map files are then moved aside as {@code NAME.damaged-TIMESTAMP} (a checkpoint
 * means nothing without its job record, and a record promises checkpoints), a new registry is
 * started, the warning sink gets one line, and the call goes on in the new registry; jobs this
 * store is running are recorded again in it. Nothing is decided by a timeout: a creator holds the
 * registry's exclusive lock, so a file seen under the lock is complete or damaged.
 *
 * <p><b>Processes and threads.</b> Several processes may use the registry at once (each CLI run
 * does). Chronicle keeps its segment locks in the mapped file; every call here holds the
 * registry's {@link RegistryLock} shared and takes a segment lock with a wait of {@link
 * EngineConfig#REGISTRY_LOCK_PROBE_MS}. A lock not had in that time is checked under the
 * exclusive side, which no live process inside a map holds: a lock still set then was left by a
 * process killed inside a write, and is cleared (one warning line), and the call is retried. A
 * call gives up, with an {@link IllegalStateException}, when live processes keep it out for
 * {@link EngineConfig#REGISTRY_CALL_TIMEOUT_MS}. A process that finds its files moved aside by
 * another one opens the new ones. Writes to one job come from the process that runs it. All
 * methods are thread-safe; {@link #close()} waits for calls in progress, and calls after it do
 * nothing (reads return nothing). Open one store per directory in a JVM: Chronicle shares a
 * file's descriptor among a JVM's maps by path, so a second store of the JVM would keep the old
 * file of a registry the first one moved aside, and its replacement could not be opened.
 *
 * <p>Write failures (a full map, a closed store, a registry held too long) never fail a job: a
 * computed result is worth more than its record. They go to the warning sink, once per job.
 */
public final class ChronicleJobStore implements JobStore {
    /** Status of a job whose coordinator is running it. */
    public static final String RUNNING = JobStore.RUNNING;
    /** Status read back for a {@value #RUNNING} job whose coordinator process is gone. */
    public static final String INTERRUPTED = JobStore.INTERRUPTED;

    /** Job map file (the name carries the record format version). */
    public static final String JOBS_FILE = "jobs.v1.cmap";
    /** Checkpoint map file. */
    public static final String CHECKPOINTS_FILE = "checkpoints.v1.cmap";
    /** What a damaged file's name gets, before a UTC time ({@code 20261201T084512Z}). */
    public static final String DAMAGED_SUFFIX = ".damaged-";

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
    /** The value types as a map file's header names them. */
    private static final String JOBS_VALUE_TYPE = "String";
    private static final String CHECKPOINTS_VALUE_TYPE = "byte[]";


    private final Path directory;
    private final int maxJobs;
    private final long checkpointEntries;
    private final Consumer<String> warnings;
    private final RegistryLock registryLock;
    private final RegistryFiles files;
    // read: a call on the maps; write: replacing or closing them
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** The open maps; null after a repair that failed (the next call tries again). */
    private Maps maps;
    private boolean closed;
    /** Records of the jobs this store started and has not seen end: written again into a new registry. */
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final Set<String> warnedJobs = ConcurrentHashMap.newKeySet();
    private volatile String movedAside;

    /** The two maps, open together, of one {@link RegistryLock#generation generation} of the files. */
    private record Maps(RegistryMap<String> jobs, RegistryMap<byte[]> checkpoints, long generation) {
        void close() {
            try {
                jobs.close();
            } finally {
                checkpoints.close();
            }
        }
    }

    /** Opens (creating if needed) the registry in {@link StateDirectory#resolve()}. */
    public static ChronicleJobStore open(Consumer<String> warnings) {
        return new ChronicleJobStore(StateDirectory.resolve(), warnings);
    }

    /** True when a registry exists in {@code directory} (so a reader need not create one). */
    public static boolean exists(Path directory) {
        return Files.exists(directory.resolve(JOBS_FILE));
    }

    /**
     * Opens (creating if needed) the registry in {@code directory}; a damaged one is moved aside
     * and replaced (see the class comment).
     *
     * @param warnings receives one-line warnings (a full map, a damaged file moved aside, a lock
     *                 of a dead process cleared); never null
     * @throws IllegalStateException when the directory or a map file cannot be opened, or other
     *                               processes hold the registry for {@link EngineConfig#REGISTRY_CALL_TIMEOUT_MS}
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
        this.checkpointEntries = checkpointEntries;
        this.warnings = warnings;
        StateDirectory.ensure(this.directory);
        try {
            this.registryLock = RegistryLock.open(this.directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the job registry's lock " + this.directory.resolve(RegistryLock.FILE)
                    + ": " + reason(e), e);
        }
        this.files = new RegistryFiles(this.directory, registryLock, warnings);
        try {
            this.maps = openMaps(deadline());
        } catch (RuntimeException e) {
            registryLock.release();
            throw e;
        }
        // Load the classes of the record format now, at open, rather than on the first write,
        // which a coordinator makes while it times a job (the open loaded the maps' classes).
        JobRecordFormat.decode(JobRecordFormat.encode(new JobRecord(SAMPLE_JOB_ID, "", "", "", 0, 0, 0, 0, 0, 0, "", RUNNING, 0, 0, 0, ""), 0, 0));
    }

    /** The state directory this registry lives in. */
    public Path directory() {
        return directory;
    }

    /** The warning this store gave when it last found the registry damaged and moved it aside, if it did. */
    public Optional<String> movedAside() {
        return Optional.ofNullable(movedAside);
    }

    // ------------------------------------------------------------------ JobStore

    @Override
    public void started(JobRecord job) {
        String value = JobRecordFormat.encode(job, Processes.selfPid(), Processes.selfStartMillis());
        running.put(job.id(), value);
        write(job.id(), "record job " + job.id(), m -> {
            if (m.jobs().get(job.id()) == null) {
                long size = m.jobs().size();
                if (size >= maxJobs) {
                    prune(m, (int) (size - maxJobs + 1 + maxJobs / 10), job.id());
                }
            }
            m.jobs().put(job.id(), value);
        });
    }

    @Override
    public void chunkDone(String jobId, long chunk, long[] words) {
        write(jobId, "checkpoint job " + jobId, m -> m.checkpoints().put(JobRecordFormat.checkpointKey(jobId, chunk), JobRecordFormat.encodeWords(words)));
    }

    @Override
    public Map<Long, long[]> finishedChunks(String jobId) {
        return call(Map.of(), m -> {
            Map<Long, long[]> done = new HashMap<>();
            String value = m.jobs().get(jobId);
            if (value == null) {
                return done;
            }
            long chunks = JobRecordFormat.decode(value).chunks();
            for (long c = 0; c < chunks; c++) {
                byte[] words = m.checkpoints().get(JobRecordFormat.checkpointKey(jobId, c));
                if (words != null) {
                    done.put(c, JobRecordFormat.decodeWords(words));
                }
            }
            return done;
        });
    }

    @Override
    public void finished(String jobId, JobStatus status, long chunksDone, String result, long finishedAtMillis) {
        write(jobId, "record the end of job " + jobId, m -> {
            String value = m.jobs().get(jobId);
            if (value == null) {
                return; // never recorded (a full map, already warned) or removed meanwhile
            }
            JsonNode node = JobRecordFormat.parse(value);
            JobRecord old = JobRecordFormat.decode(node);
            JobRecord ended = new JobRecord(old.id(), old.label(), old.kernel(), old.params(), old.seed(), old.from(), old.to(),
                    old.chunkSize(), old.chunks(), old.workers(), old.mode(), status.name(), old.startedAtMillis(), finishedAtMillis,
                    chunksDone, result);
            m.jobs().put(jobId, JobRecordFormat.encode(ended, node.path("pid").asLong(), node.path("pidStart").asLong()));
            if (status == JobStatus.COMPLETED || status == JobStatus.FOUND) {
                // the result is final: nothing left to resume
                removeCheckpoints(m, jobId, old.chunks());
            }
        });
        running.remove(jobId); // after the write: a repair during it records the job again first
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
        return call(Optional.empty(), m -> {
            String value = m.jobs().get(jobId);
            return value == null ? Optional.<JobRecord>empty() : Optional.of(JobRecordFormat.decodeLive(value));
        });
    }

    /** All jobs, newest first (by start time, then id). */
    @Override
    public List<JobRecord> list() {
        return call(List.of(), ChronicleJobStore::listIn);
    }

    private static List<JobRecord> listIn(Maps m) {
        List<String> values = new ArrayList<>();
        m.jobs().forEach((id, value) -> values.add(value));
        List<JobRecord> all = new ArrayList<>();
        for (String value : values) {
            try {
                all.add(JobRecordFormat.decodeLive(value));
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
        return call(0L, m -> m.checkpoints().size());
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
        return call(new Cleared(0, 0, 0), m -> {
            int removedJobs = 0;
            long before = m.checkpoints().size();
            for (JobRecord job : listIn(m)) {
                boolean ended = !job.status().equals(RUNNING) && !job.status().equals(INTERRUPTED);
                if (ended || interruptedToo && job.status().equals(INTERRUPTED)) {
                    removeCheckpoints(m, job.id(), job.chunks());
                    if (m.jobs().remove(job.id())) {
                        removedJobs++;
                    }
                }
            }
            removeOrphanCheckpoints(m);
            return new Cleared(removedJobs, Math.max(0, before - m.checkpoints().size()), (int) m.jobs().size());
        });
    }

    /** Drops the {@code count} oldest jobs that are not running (never {@code keep}). */
    private static void prune(Maps m, int count, String keep) {
        List<JobRecord> all = listIn(m);
        int removed = 0;
        for (int i = all.size() - 1; i >= 0 && removed < count; i--) {
            JobRecord job = all.get(i);
            if (!job.status().equals(RUNNING) && !job.id().equals(keep)) {
                removeCheckpoints(m, job.id(), job.chunks());
                m.jobs().remove(job.id());
                removed++;
            }
        }
    }

    private static void removeCheckpoints(Maps m, String jobId, long chunks) {
        for (long c = 0; c < chunks; c++) {
            m.checkpoints().remove(JobRecordFormat.checkpointKey(jobId, c));
        }
    }

    private static void removeOrphanCheckpoints(Maps m) {
        Set<String> known = new HashSet<>();
        m.jobs().forEach((id, value) -> known.add(id));
        List<String> orphans = new ArrayList<>();
        m.checkpoints().forEach((key, words) -> {
            int hash = key.lastIndexOf('#');
            if (hash < 0 || !known.contains(key.substring(0, hash))) {
                orphans.add(key);
            }
        });
        orphans.forEach(m.checkpoints()::remove);
    }

    // ------------------------------------------------------------------ calls, faults and repairs

    /**
     * Runs {@code body} on the maps under the registry's shared lock; a lock that times out or a
     * file found damaged is repaired and the body run again, until {@link
     * EngineConfig#REGISTRY_CALL_TIMEOUT_MS} has passed.
     */
    private <T> T call(T whenClosed, Function<Maps, T> body) {
        long deadline = deadline();
        boolean repairedDamage = false;
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0 && System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the job registry in " + directory + " stayed locked for "
                        + RegistryConfig.REGISTRY_CALL_TIMEOUT_MS / 1000.0 + " s");
            }
            Maps seen;
            RegistryMap.Damage damage = null;
            lock.readLock().lock();
            try {
                if (closed) {
                    return whenClosed;
                }
                seen = maps;
                if (seen != null) {
                    try (RegistryLock.Hold shared = hold(false, deadline)) {
                        if (seen.generation() == registryLock.generation()) {
                            return body.apply(seen);
                        } // else another process replaced the files: reopen
                    } catch (RegistryMap.LockTimeout e) {
                        // a slow holder or a dead one: repair() tells them apart
                    } catch (RegistryMap.Damage e) {
                        if (repairedDamage) {
                            // damage again in a registry just found whole: not the file's fault, so not moved again
                            throw new IllegalStateException("the job registry in " + directory + " fails: " + e.getMessage(), e);
                        }
                        damage = e;
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
            repair(seen, damage, deadline);
            repairedDamage |= damage != null;
        }
    }

    /**
     * Under the exclusive lock: reopens the maps, having moved aside a file found damaged (if it
     * is still the one found so), cleared locks of dead processes, and moved aside any other
     * damage the open finds; then records this store's running jobs again if they are missing.
     */
    private void repair(Maps seen, RegistryMap.Damage damage, long deadline) {
        lock.writeLock().lock();
        try {
            if (closed || maps != seen) {
                return; // closed, or another thread repaired meanwhile
            }
            try (RegistryLock.Hold exclusive = hold(true, deadline)) {
                if (seen != null) {
                    maps = null;
                    seen.close();
                    if (damage != null && seen.generation() == registryLock.generation()) {
                        movedAside = files.moveAside(damage.fileName, damage.getMessage()); // unless another process has already
                    }
                }
                Maps reopened = openWhole(true);
                try {
                    for (Map.Entry<String, String> job : running.entrySet()) {
                        if (reopened.jobs().get(job.getKey()) == null) {
                            reopened.jobs().put(job.getKey(), job.getValue());
                        }
                    }
                } catch (RuntimeException e) {
                    reopened.close();
                    throw e;
                }
                maps = reopened;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Opens the maps under the shared lock, or under the exclusive one when they need repair first. */
    private Maps openMaps(long deadline) {
        try (RegistryLock.Hold shared = hold(false, deadline)) {
            Maps m = openWhole(false);
            if (m != null) {
                return m;
            }
        }
        try (RegistryLock.Hold exclusive = hold(true, deadline)) {
            return openWhole(true);
        }
    }

    /**
     * Opens both maps and reads every entry once. Under the shared lock ({@code exclusive} false)
     * it returns null when anything needs repair: a file missing or damaged, or a lock not had in
     * time. Under the exclusive lock it repairs: moves damaged files aside, clears the locks of
     * dead processes, creates missing files.
     */
    private Maps openWhole(boolean exclusive) {
        for (int attempt = 0; ; attempt++) {
            // (moveAside advances the generation; so does a creation, below)
            RegistryFiles.Inspection jobsFile = files.inspect(JOBS_FILE, JOBS_VALUE_TYPE);
            RegistryFiles.Inspection checkpointsFile = files.inspect(CHECKPOINTS_FILE, CHECKPOINTS_VALUE_TYPE);
            RegistryFiles.Inspection damaged = jobsFile.damage() != null ? jobsFile : checkpointsFile.damage() != null ? checkpointsFile : null;
            // A global lock held is checked under the exclusive lock, by clearDeadLocks: Chronicle
            // itself would wait 2 s for it on a write, then print the whole map to stderr.
            if (!exclusive && (damaged != null || jobsFile.missing() || checkpointsFile.missing()
                    || jobsFile.globalLockHeld() || checkpointsFile.globalLockHeld())) {
                return null;
            }
            if (damaged != null) {
                movedAside = files.moveAside(damaged.fileName(), damaged.damage());
                continue;
            }
            if (exclusive) {
                files.clearDeadLocks(jobsFile, checkpointsFile);
                if (jobsFile.missing() || checkpointsFile.missing()) {
                    registryLock.advanceGeneration();
                }
            }
            Maps m = openChronicle(registryLock.generation());
            try {
                m.jobs().forEach(null); // every entry against its checksum; loads the classes of a call too
                m.checkpoints().forEach(null);
                m.jobs().get(SAMPLE_JOB_ID);
                return m;
            } catch (RegistryMap.LockTimeout e) {
                m.close();
                if (!exclusive) {
                    return null;
                }
                throw new IllegalStateException("the job registry in " + directory + " is locked by a process that does not take "
                        + "its lock " + RegistryLock.FILE + " (an older shmc?)");
            } catch (RegistryMap.Damage e) {
                m.close();
                if (!exclusive) {
                    return null;
                }
                if (attempt > 0) {
                    throw new IllegalStateException("the new job registry in " + directory + " is unreadable: " + e.getMessage());
                }
                movedAside = files.moveAside(e.fileName, e.getMessage());
            }
        }
    }

    private Maps openChronicle(long generation) {
        RegistryMap<String> jobs = openMap(ChronicleMap.of(String.class, String.class).name("shmc-jobs").entries(JOB_ENTRIES)
                .averageKey(SAMPLE_JOB_ID).averageValueSize(JOB_RECORD_BYTES).maxBloatFactor(JOB_MAX_BLOAT), JOBS_FILE);
        try {
            return new Maps(jobs, openMap(ChronicleMap.of(String.class, byte[].class).name("shmc-checkpoints")
                    .entries(checkpointEntries).averageKey(JobRecordFormat.checkpointKey(SAMPLE_JOB_ID, 12_345))
                    .averageValueSize(CHECKPOINT_VALUE_BYTES).maxBloatFactor(CHECKPOINT_MAX_BLOAT).sparseFile(true), CHECKPOINTS_FILE),
                    generation);
        } catch (RuntimeException e) {
            jobs.close();
            throw e;
        }
    }

    private <V> RegistryMap<V> openMap(ChronicleMapBuilder<String, V> builder, String fileName) {
        Path file = directory.resolve(fileName);
        try {
            // closed by close(), under the lock: Chronicle's own exit hook could unmap a map in use
            return new RegistryMap<>(fileName, builder.skipCloseOnExitHook(true).createPersistedTo(file.toFile()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot open the job registry file " + file + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()), e);
        }
    }

    private RegistryLock.Hold hold(boolean exclusive, long deadline) {
        try {
            long left = deadline - System.nanoTime();
            RegistryLock.Hold hold = exclusive ? registryLock.exclusive(left) : registryLock.shared(left);
            if (hold == null) {
                throw new IllegalStateException("the job registry in " + directory + " was held by other processes for "
                        + RegistryConfig.REGISTRY_CALL_TIMEOUT_MS / 1000.0 + " s");
            }
            return hold;
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock the job registry " + directory.resolve(RegistryLock.FILE) + ": " + reason(e), e);
        }
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RegistryConfig.REGISTRY_CALL_TIMEOUT_MS);
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
    }

    private void write(String jobId, String what, Consumer<Maps> body) {
        try {
            call(null, m -> {
                body.accept(m);
                return null;
            });
        } catch (RuntimeException e) {
            if (warnedJobs.add(jobId)) {
                warnings.accept("cannot " + what + " in the job registry: " + describe(e)
                        + "; the job goes on, but may not be resumable");
            }
        }
    }

    private String describe(RuntimeException e) {
        if (e instanceof IllegalStateException i && RegistryMap.isFull(i)) {
            String sizes = "";
            try {
                sizes = call("", m -> " (" + m.jobs().size() + " jobs, " + m.checkpoints().size() + " chunk checkpoints)");
            } catch (RuntimeException unknown) {
                // the sizes are a courtesy
            }
            return "the registry in " + directory + " is full" + sizes + "; 'shmc jobs clear' makes room";
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
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
                if (maps != null) {
                    maps.close();
                }
            } finally {
                maps = null;
                registryLock.release();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }


}
