package dev.shmc.engine.config;

import dev.shmc.engine.control.ControlDescriptor;
import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.sync.IdleStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every tunable of the engine in one place (system properties override the defaults). */
public final class EngineConfig {
    private EngineConfig() {
    }

    /**
     * Most chunks one job may have. Each chunk slot is 128 bytes of the control region; more
     * chunks balance load better but cost a slot each and a little coordination.
     */
    public static final int CHUNK_CAPACITY = Integer.getInteger("shmc.chunkCapacity", 1 << 16);

    /**
     * Chunks of a job when neither the job nor the kernel sets a chunk size (fewer when the job has
     * fewer units). The same for every worker count, mode and host count, so that a job's chunk
     * grid, and with it the bits of a floating-point result, depend only on the job: 256 chunks
     * keep up to 64 workers busy with four chunks each, at about 10 microseconds of coordination a
     * chunk.
     */
    public static final int DEFAULT_CHUNKS = Integer.getInteger("shmc.chunks", 256);

    /**
     * Bytes of chunk results one job may hold at once when its results are larger than the control
     * region's slots (over 14 words): they live in a file of the job in the region directory
     * (tmpfs, so memory), one slot per chunk. A job with large results gets at most this many
     * bytes' worth of chunks: a 4096-word result 2048 chunks, a 1,000,000-word one 8.
     */
    public static final long RESULT_MEMORY = Long.getLong("shmc.resultMemory", 64L << 20);

    /** The engine's chunk size for a job of {@code units} units: {@link #DEFAULT_CHUNKS} chunks, at least one unit each. */
    public static long defaultChunkSize(long units) {
        return Math.max(1, (units + DEFAULT_CHUNKS - 1) / DEFAULT_CHUNKS);
    }

    /** Most chunks a job whose result has {@code words} words may have, by {@link #RESULT_MEMORY} (at least 1). */
    public static long maxChunksForResult(int words) {
        if (words <= ControlDescriptor.MAX_RESULT_WORDS) {
            return Long.MAX_VALUE; // inline in the control region's chunk slots
        }
        return Math.max(1, RESULT_MEMORY / ((long) words * Long.BYTES));
    }

    /**
     * Class loaders of jobs' own classpaths that one JVM keeps ({@code JobSpec.Builder.classpath};
     * {@code dev.shmc.engine.loader.KernelClassLoaders}); beyond this the least recently used is
     * closed. More keeps more jobs' classes loaded (memory, open jar files); fewer may close the
     * loader of a job still queued or running when many jobs with different classpaths are in flight.
     */
    public static final int KERNEL_LOADERS = Math.max(1, Integer.getInteger("shmc.kernelLoaders", 16));

    /** How long the engine waits for a worker JVM to start and attach. */
    public static final long WORKER_START_TIMEOUT_MS = Long.getLong("shmc.workerStartTimeoutMs", 60_000);

    /** Interval of heartbeats (coordinator and workers) and of the coordinator's worker check. */
    public static final long HEARTBEAT_INTERVAL_MS = Long.getLong("shmc.heartbeatMs", 100);

    /**
     * A worker JVM whose heartbeat is older than this is taken for hung (a SIGSTOP, a machine that
     * swaps) and is killed and replaced; a job waits at most about this long for a hung worker. Its
     * heartbeat thread beats every {@link #HEARTBEAT_INTERVAL_MS}, also while a kernel computes,
     * and stops only while the whole JVM does (a GC pause of a worker's small heap is well under a
     * second): shorter catches a hang sooner, too short kills a worker that a loaded host left
     * unscheduled for a moment. Per engine: {@code Engine.Builder.heartbeatTimeout}.
     */
    public static final long WORKER_HEARTBEAT_TIMEOUT_MS = Long.getLong("shmc.workerHeartbeatTimeoutMs", 3_000);

    /**
     * A chunk that has taken down its worker JVM this many times fails its job (a kernel that
     * crashes the JVM on some input, a System.exit in a library, a chunk too big for memory that
     * the OOM killer ends): without a bound the engine would restart workers forever. Fewer gives
     * up on a worker that died by bad luck (a kill -9 from outside); more costs a JVM start each.
     * Per engine: {@code Engine.Builder.maxChunkDeaths}.
     */
    public static final int MAX_CHUNK_DEATHS = Integer.getInteger("shmc.maxChunkDeaths", 3);

    /**
     * How long a worker JVM may stay inside a chunk of a job that was cancelled or stopped (the
     * kernel does not poll its stop flag) before it is killed and replaced, so that cancel() ends
     * the job within about this long whatever the kernel does. Shorter ends such jobs sooner;
     * too short kills workers that were about to return (a poll every few thousand iterations is
     * microseconds apart). Per engine: {@code Engine.Builder.cancelGrace}.
     */
    public static final long CANCEL_GRACE_MS = Long.getLong("shmc.cancelGraceMs", 1_000);

    /**
     * A worker slot whose JVM died this many times in a row before it was ready (a bad JVM option,
     * no memory for another JVM) is not started again: the engine goes on with the others, and
     * fails jobs with a clear message when none is left, instead of starting JVMs forever.
     */
    public static final int MAX_START_FAILURES = Integer.getInteger("shmc.maxWorkerStartFailures", 3);

    /** How often a worker checks that its coordinator is alive; it exits within about this long after the coordinator dies. */
    public static final long COORDINATOR_CHECK_MS = Long.getLong("shmc.coordinatorCheckMs", 250);

    /** How long close() waits for workers to exit on their own before killing them. */
    public static final long WORKER_EXIT_TIMEOUT_MS = Long.getLong("shmc.workerExitTimeoutMs", 3_000);


    /**
     * Spins when the workers plus the coordinator outnumber the cores. A spinning waiter then holds
     * a core another party of the hand-off needs; measured on 2 cores with 2 worker JVMs, an empty
     * job took 51 us median with 200 spins and 14 us with 10 (a yield costs little when no one
     * else wants the core).
     */
    public static final int OVERSUBSCRIBED_IDLE_SPINS = Integer.getInteger("shmc.oversubscribedIdleSpins", 10);

    /**
     * The idle strategy of an engine waiter (a worker between jobs, the coordinator awaiting a job):
     * it spins {@link ShmConfig#IDLE_SPINS} times when the workers and the coordinator each have a
     * core, else {@link #OVERSUBSCRIBED_IDLE_SPINS}.
     */
    public static IdleStrategy idleStrategy(int workers) {
        boolean oversubscribed = workers + 1 > Runtime.getRuntime().availableProcessors();
        return IdleStrategy.withSpins(oversubscribed ? OVERSUBSCRIBED_IDLE_SPINS : ShmConfig.IDLE_SPINS);
    }

    /**
     * The serial collector, with the loop shape of the JVM's default collector: C2 strip-mines
     * counted loops (an inner loop of at most 1000 iterations without a safepoint poll) under G1,
     * but not under the serial or parallel collectors, unless asked to. Without it C2 allocated
     * the vector π kernel's registers differently, with a spill of the generator's state through
     * the stack in each iteration: 10-15 % fewer samples per second in a worker JVM than in a
     * thread of a G1 JVM (5 fresh JVMs each: best 974-1,153 M samples/s serial, 1,171-1,258 G1,
     * and 1,220-1,241 serial with strip mining); the sieve and the scalar kernel did not change.
     */
    public static final List<String> SERIAL_COLLECTOR = List.of("-XX:+UseSerialGC", "-XX:+UseCountedLoopSafepoints",
            "-XX:LoopStripMiningIter=1000");

    /**
     * JVM options of worker JVMs besides the shared flags (jvm.args): a small heap (data lives off
     * heap), the serial collector (one thread per worker; {@link #SERIAL_COLLECTOR}), no perf data
     * file in /tmp; a JVM that crashes (a kernel's native code) writes no core file, and its crash
     * report goes to a file named after its PID in the temp directory ({@link #workerCrashReport}),
     * which the failure message names.
     */
    public static final List<String> WORKER_JVM_OPTIONS = Stream.of(List.of(System.getProperty("shmc.workerXmx", "-Xmx512m")),
            SERIAL_COLLECTOR, List.of("-XX:-UsePerfData", "-XX:-CreateCoredumpOnCrash",
            "-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "shmc-worker-%p.hs_err.log"))).flatMap(List::stream).toList();

    /** Where worker JVM {@code pid} writes its crash report if it crashes. */
    public static Path workerCrashReport(long pid) {
        return Path.of(System.getProperty("java.io.tmpdir"), "shmc-worker-" + pid + ".hs_err.log");
    }

    /**
     * System property naming the JVM's ahead-of-time cache the {@code ./shmc} launcher started the
     * coordinator from (the one the build trained with the jars); worker JVMs then start from it
     * too (a fifth less start-up each). The JVM refuses a cache whose jars changed since (time,
     * size) or whose classpath does not start with the cache's.
     */
    public static final String AOT_CACHE_PROPERTY = "shmc.aotCache";

    /**
     * The options that tell a worker JVM which class-data cache to start from: the launcher's
     * ahead-of-time cache when {@value #AOT_CACHE_PROPERTY} names a readable file, else the JDK's
     * default archive. A cache the JVM cannot use is skipped silently (its log is off), as
     * without one.
     */
    public static List<String> classDataOptions() {
        String cache = System.getProperty(AOT_CACHE_PROPERTY);
        if (cache != null && !cache.isBlank() && Files.isReadable(Path.of(cache))) {
            return List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off");
        }
        return List.of("-Xshare:auto");
    }
}
