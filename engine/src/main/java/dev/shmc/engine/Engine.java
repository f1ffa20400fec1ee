package dev.shmc.engine;

import dev.shmc.engine.api.FaultPolicy;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.coordinator.Coordinator;
import dev.shmc.engine.coordinator.WorkerJvmOptions;
import dev.shmc.engine.service.ServiceConnection;
import dev.shmc.shm.region.Regions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The entry point for numeric jobs: a pool of workers (worker JVMs or threads) sharing a control
 * region in shared memory, and a coordinator that hands them jobs. Start it once, submit many
 * jobs, close it.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder().workers(4).mode(Mode.PROCESSES).build()) {
 *     JobResult r = engine.submit(spec).await();
 * }
 * }</pre>
 *
 * Jobs run one at a time in submission order, each over all workers. Thread-safe.
 */
public final class Engine implements JobRunner {
    private final Coordinator coordinator;
    private final JobStore store;

    private Engine(Builder b) {
        this.store = b.store;
        this.coordinator = new Coordinator(b.mode, b.workers, b.directory, b.store, b.events,
                new FaultPolicy(b.heartbeatTimeout, b.maxChunkDeaths, b.cancelGrace), b.workerJvmOptions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects to the resident service of this user and host ({@code shmc service start}): a
     * runner whose jobs run on the service's warm worker JVMs, queued in shared memory behind other
     * programs' jobs (first come, first served). Kernels that are not on the service's classpath
     * name their jars or class directories ({@link JobSpec.Builder#classpath}); the workers load
     * them in a class loader of their own. Closing the runner cancels its jobs that are still
     * queued or running; the service and its workers stay.
     *
     * <pre>{@code
     * try (JobRunner service = Engine.connect()) {
     *     JobResult r = service.run(spec);
     * }
     * }</pre>
     *
     * @throws IllegalStateException when no service runs for this user in the region directory
     */
    public static JobRunner connect() {
        return ServiceConnection.connect(Regions.directory());
    }

    /** The running service of the region directory {@code directory}, as {@link #connect()}. */
    public static JobRunner connect(Path directory) {
        return ServiceConnection.connect(directory);
    }

    /**
     * The running service, if there is one: for programs that use it when it runs and start their
     * own engine when it does not ({@code Engine.findService().orElseGet(() -> Engine.builder().build())}).
     */
    public static Optional<JobRunner> findService() {
        return ServiceConnection.find(Regions.directory()).map(c -> c);
    }

    /** Queues a job; it runs when the jobs before it are done. */
    @Override
    public JobHandle submit(JobSpec spec) {
        return coordinator.submit(Objects.requireNonNull(spec));
    }

    /**
     * Runs a job and waits for its result. When no other job is queued or running, the calling
     * thread publishes it to the workers and combines the result itself (no hand-off to the
     * engine's dispatcher thread), which is the lowest-latency way to run short jobs.
     */
    @Override
    public JobResult run(JobSpec spec) {
        try {
            return run(spec, Duration.ofDays(365));
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like {@link #run(JobSpec)}, but gives up waiting after {@code timeout}; the job then goes on
     * running, and is finished by the engine.
     *
     * @throws TimeoutException   if it did not finish in time
     * @throws JobFailedException if a kernel threw
     */
    public JobResult run(JobSpec spec, Duration timeout) throws TimeoutException {
        return coordinator.run(Objects.requireNonNull(spec), timeout);
    }

    /**
     * Resumes the job {@code jobId} recorded in this engine's job store ({@link Builder#jobStore}):
     * submits the spec {@link JobSpec#resuming} rebuilds from its record, so its checkpointed
     * chunks are not computed again. Works for every kernel, classes and method references alike,
     * whose job ended without finishing (interrupted, cancelled, failed).
     *
     * <pre>{@code
     * // the registry module's store; the engine closes it
     * try (Engine engine = Engine.builder().jobStore(new ChronicleJobStore(stateDir, System.err::println)).build()) {
     *     JobResult r = engine.resume("j20260101-120000-0a1b").await();
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException when the store has no such job, or it finished, or it is running elsewhere
     */
    public JobHandle resume(String jobId) {
        JobStore.JobRecord job = store.find(Objects.requireNonNull(jobId, "jobId")).orElseThrow(() -> new IllegalArgumentException(
                "no job " + jobId + " in the job store" + (store == JobStore.NONE ? " (this engine has none: see Engine.Builder.jobStore)" : "")));
        return submit(JobSpec.resuming(job).build());
    }

    @Override
    public int workers() {
        return coordinator.workers();
    }

    @Override
    public Mode mode() {
        return coordinator.mode();
    }

    /** Seconds it took to start the workers (and create the control region). */
    @Override
    public double startupSeconds() {
        return coordinator.startupSeconds();
    }

    /** The control region file (for {@code shmc stat}). */
    public Path controlPath() {
        return coordinator.controlPath();
    }

    /** PID of worker {@code index}'s JVM (this JVM's for threads). */
    @Override
    public long workerPid(int index) {
        return coordinator.workerPid(index);
    }

    /** What happened to workers so far (deaths, replacements). */
    public List<String> events() {
        return coordinator.events();
    }

    /**
     * Whether the engine is closing or closed (by {@link #close} or its shutdown hook): jobs that
     * fail from then on fail because of that, not because of their kernel.
     */
    public boolean isClosed() {
        return coordinator.isClosed();
    }

    /** Stops the workers and removes the control region. */
    @Override
    public void close() {
        coordinator.close();
    }

    /** Builder of {@link Engine}. */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private Mode mode = Mode.PROCESSES;
        private Path directory;
        private JobStore store = JobStore.NONE;
        private Consumer<String> events;
        private Duration heartbeatTimeout = FaultPolicy.defaults().heartbeatTimeout();
        private int maxChunkDeaths = FaultPolicy.defaults().maxChunkDeaths();
        private Duration cancelGrace = FaultPolicy.defaults().cancelGrace();
        private List<String> workerJvmOptions = List.of();

        /** Number of workers; default: the number of cores. */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1: " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** PROCESSES (default), THREADS or INLINE. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        /** Directory of the control region; default: the shmc region directory. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Where jobs and chunk checkpoints are recorded; default: nowhere. */
        public Builder jobStore(JobStore store) {
            this.store = Objects.requireNonNull(store);
            return this;
        }

        /** Receives worker events (a death, a replacement) as they happen. */
        public Builder onEvent(Consumer<String> events) {
            this.events = events;
            return this;
        }

        /**
         * A worker JVM whose heartbeat is older than this is taken for hung (stopped, swapped out)
         * and is killed and replaced; default {@link dev.shmc.engine.config.EngineConfig#WORKER_HEARTBEAT_TIMEOUT_MS}.
         */
        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * A chunk that has taken down its worker JVM this many times fails its job; default
         * {@link dev.shmc.engine.config.EngineConfig#MAX_CHUNK_DEATHS}.
         */
        public Builder maxChunkDeaths(int deaths) {
            this.maxChunkDeaths = deaths;
            return this;
        }

        /**
         * How long a worker JVM may stay inside a chunk of a cancelled or stopped job before it is
         * killed and replaced; default {@link dev.shmc.engine.config.EngineConfig#CANCEL_GRACE_MS}.
         * Worker threads cannot be killed: in threads mode a kernel must poll
         * {@link KernelContext#stopRequested()}.
         */
        public Builder cancelGrace(Duration grace) {
            this.cancelGrace = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * JVM options for the worker JVMs, after the engine's own (so {@code -Xmx2g} replaces the
         * default heap of {@code shmc.workerXmx}, 512 MiB, and a {@code -XX:+Use...GC} the default
         * serial collector): for example {@code workerJvmOptions("-Xmx2g", "-XX:+UseParallelGC")}.
         * Each string is one option: {@code -X...}, {@code -XX:...}, {@code -D<name>=<value>}
         * (not {@code shmc.*}: workers inherit those from this JVM), {@code -ea}/{@code -da},
         * {@code -verbose:...}, {@code -javaagent:...}, {@code -agentlib:...}, {@code -agentpath:...},
         * or a module option in its {@code --name=value} form ({@code --add-opens=...},
         * {@code --add-exports=...}, {@code --add-reads=...}, {@code --add-modules=...},
         * {@code --enable-native-access=...}, {@code --enable-preview}). Options that would
         * replace the worker's program ({@code -cp}, {@code -jar}, {@code --module-path},
         * {@code @argfiles}) or stop it from starting ({@code -version}, a bare {@code -X}) are
         * refused. Threads and inline engines have no worker JVMs and ignore them. Replaces
         * options given before.
         *
         * @throws IllegalArgumentException naming the first option that is refused, and why
         */
        public Builder workerJvmOptions(String... options) {
            return workerJvmOptions(Arrays.asList(options));
        }

        /** {@link #workerJvmOptions(String...)} from a list. */
        public Builder workerJvmOptions(List<String> options) {
            this.workerJvmOptions = WorkerJvmOptions.checked(options);
            return this;
        }

        /**
         * Starts the engine.
         *
         * @throws dev.shmc.shm.region.RegionException when the region directory is not the user's own
         *                                             (another owner, group or other permissions, a link)
         */
        public Engine build() {
            directory = Regions.ensureDirectory(directory == null ? Regions.directory() : directory);
            new FaultPolicy(heartbeatTimeout, maxChunkDeaths, cancelGrace); // checks the values before anything starts
            return new Engine(this);
        }
    }
}
