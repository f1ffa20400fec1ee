package dev.shmc.engine.coordinator;

import static dev.shmc.engine.coordinator.ControlDescriptor.*;

import dev.shmc.engine.api.FaultPolicy;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.worker.WorkerLoop;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.sync.IdleStrategy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The coordinator side of an engine: owns the control region and the worker pool, runs submitted
 * jobs one at a time (publish, wait, combine), and watches the workers on a monitor thread
 * (heartbeat, dead workers' chunks re-queued, replacements started).
 *
 * <p>A job runs on the dispatcher thread, or on the thread that awaits it when that thread finds
 * it at the head of the queue with no job running: a caller that submits and awaits then publishes
 * to the workers itself, one thread hand-off fewer each way (it matters on a machine with fewer
 * cores than runnable threads). If its wait times out, the job is handed to the dispatcher, which
 * finishes it.
 */
public final class Coordinator implements AutoCloseable {
    private static final AtomicInteger ENGINES = new AtomicInteger();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Mode mode;
    private final int workers;
    private final ControlRegion ctl;
    private final WorkerPool pool;
    private final JobStore store;
    private final double startupSeconds;
    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    /** One permit: held from a job's publication until its result is combined (possibly across threads). */
    private final Semaphore running = new Semaphore(1);
    private final Thread dispatcher;
    private final WorkerMonitor workerMonitor;
    private final Thread monitor;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Consumer<String> eventSink;
    private final Thread shutdownHook;
    private volatile boolean closed;
    private long seq;

    public Coordinator(Mode mode, int workers, Path dir, JobStore store, Consumer<String> eventSink, FaultPolicy faults) {
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be between 1 and 1024: " + workers);
        }
        this.mode = mode;
        this.workers = mode == Mode.INLINE ? 1 : workers;
        this.store = store;
        this.eventSink = eventSink == null ? e -> { } : eventSink;
        long t0 = System.nanoTime();
        Regions.reclaimStale(dir);
        String name = "ctl-" + Processes.selfPid() + "-" + ENGINES.incrementAndGet();
        byte[] secret = ControlRegion.newSecret();
        this.ctl = ControlRegion.create(dir, name, this.workers, EngineConfig.CHUNK_CAPACITY, Processes.selfPid(), Processes.selfStartMillis(),
                secret);
        this.shutdownHook = new Thread(this::closeQuietly, "shmc-engine-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        WorkerPool p = switch (mode) {
            case PROCESSES -> new ProcessWorkerPool(ctl, secret);
            case THREADS -> new ThreadWorkerPool(ctl);
            case INLINE -> null;
        };
        this.pool = p;
        this.workerMonitor = new WorkerMonitor(ctl, pool, faults, this::event);
        try {
            if (pool != null) {
                pool.start();
            }
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.startupSeconds = (System.nanoTime() - t0) / 1e9;
        this.dispatcher = Thread.ofPlatform().daemon().name("shmc-dispatcher").start(this::dispatch);
        this.monitor = Thread.ofPlatform().daemon().name("shmc-monitor").start(workerMonitor);
    }

    public Mode mode() {
        return mode;
    }

    public int workers() {
        return workers;
    }

    public double startupSeconds() {
        return startupSeconds;
    }

    public Path controlPath() {
        return ctl.path();
    }

    public ControlRegion control() {
        return ctl;
    }

    /** Whether {@link #close} has begun (a job still waiting then fails with "engine closed"). */
    public boolean isClosed() {
        return closed;
    }

    /** Things that happened to workers (deaths, replacements), oldest first. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** PID of worker {@code index}. */
    public long workerPid(int index) {
        return pool == null ? Processes.selfPid() : pool.pid(index);
    }

    private void event(String text) {
        events.add(text);
        eventSink.accept(text);
    }

    // ------------------------------------------------------------------ submit

    public JobHandle submit(JobSpec spec) {
        Job job = newJob(spec);
        queue.add(job);
        return job;
    }

    /**
     * Runs a job and waits for its result: on the calling thread when no job is queued or running,
     * else after the jobs before it.
     */
    public JobResult run(JobSpec spec, java.time.Duration timeout) throws TimeoutException {
        Job job = newJob(spec);
        if (Thread.currentThread() != dispatcher && queue.isEmpty() && running.tryAcquire()) {
            runClaimed(job, deadline(timeout));
            return job.await(timeout);
        }
        queue.add(job);
        return job.await(timeout);
    }

    private static long deadline(java.time.Duration timeout) {
        long nanos = timeout.toNanos();
        return nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : System.nanoTime() + nanos;
    }

    private Job newJob(JobSpec spec) {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        Kernel kernel = instantiate(spec.kernelClass());
        int words = kernel.resultWords();
        if (words < 1 || words > MAX_RESULT_WORDS) {
            throw new IllegalArgumentException("kernel " + spec.kernelClass() + " has " + words + " result words; 1 to "
                    + MAX_RESULT_WORDS + " are supported");
        }
        byte[] params = spec.params().encode();
        if (params.length > PARAMS_CAPACITY) {
            throw new IllegalArgumentException("job parameters too long: " + params.length + " bytes, at most " + PARAMS_CAPACITY);
        }
        String id = spec.resumeJobId() != null ? spec.resumeJobId() : newJobId();
        // a resumed job must be the recorded one, cut into the same chunks (else its checkpoints do not line up)
        long resumeChunkSize = spec.resumeJobId() != null ? ResumeCheck.chunkSize(store, spec) : 0;
        return new Job(id, spec, kernel, params, System.nanoTime(), resumeChunkSize);
    }

    private static String newJobId() {
        return "j" + LocalDateTime.now().format(ID_TIME) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    static Kernel instantiate(String className) {
        return Kernel.instantiate(className);
    }

    // ------------------------------------------------------------------ dispatcher

    private void dispatch() {
        IdleStrategy idle = new IdleStrategy(100, 2_000, 0);
        while (!closed) {
            // Back-to-back jobs are picked up without a park/unpark round trip; an idle engine blocks.
            Job job = queue.poll();
            if (job == null) {
                idle.idle();
                if (!idle.isParking()) {
                    continue;
                }
                try {
                    job = queue.take();
                } catch (InterruptedException e) {
                    break;
                }
            }
            idle.reset();
            if (job.published) {
                // handed over by a caller whose wait timed out: it still holds the permit
                finish(job, Long.MAX_VALUE);
                continue;
            }
            if (job.future.isDone()) {
                continue;
            }
            if (!acquireForDispatcher()) {
                queue.addFirst(job);
                break;
            }
            execute(job);
        }
        for (Job j : queue) {
            j.future.completeExceptionally(new JobFailedException("engine closed before job " + j.id + " ran"));
        }
    }

    /**
     * Takes the permit for the dispatcher. While a caller runs a job it holds the permit; if that
     * caller times out it hands the job over, and the dispatcher must finish it (which releases the
     * permit) instead of waiting forever. False when the engine is closing.
     */
    private boolean acquireForDispatcher() {
        try {
            while (!running.tryAcquire(1, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Job head = queue.peekFirst();
                if (head != null && head.published && queue.remove(head)) {
                    finish(head, Long.MAX_VALUE);
                }
                if (closed) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Runs a job from publication to result on this thread (the dispatcher); the caller holds {@link #running}. */
    private void execute(Job job) {
        try {
            runClaimed(job, Long.MAX_VALUE);
        } catch (TimeoutException e) {
            throw new AssertionError("no deadline, yet timed out", e);
        }
    }

    /**
     * Waits for a published job until {@code deadlineNanos}, then combines, completes its future
     * (or fails it) and releases {@link #running}; returns false, still holding the permit, when
     * the deadline came first.
     */
    private boolean finish(Job job, long deadlineNanos) {
        try {
            if (!awaitCompletion(job, deadlineNanos)) {
                return false;
            }
            job.complete(combine(job));
        } catch (Throwable t) {
            fail(job, t);
        }
        running.release();
        return true;
    }

    private static void fail(Job job, Throwable t) {
        if (t instanceof JobFailedException e) {
            job.future.completeExceptionally(e);
        } else {
            job.future.completeExceptionally(new JobFailedException("job " + job.id + " failed in the coordinator: " + t, t));
        }
    }

    /**
     * Runs {@code job} on the calling thread if it is next and no job is running; returns false if
     * it is not this thread's to run. Throws {@link TimeoutException} when the deadline passes first,
     * after handing the job to the dispatcher.
     */
    boolean runHere(Job job, long deadlineNanos) throws TimeoutException {
        if (Thread.currentThread() == dispatcher || queue.peekFirst() != job || !running.tryAcquire()) {
            return false;
        }
        // removal is the claim: the dispatcher cannot poll it any more
        if (!queue.remove(job)) {
            running.release();
            return false;
        }
        runClaimed(job, deadlineNanos);
        return true;
    }

    /** Runs a job this thread has claimed, holding the permit; hands it to the dispatcher at the deadline. */
    private void runClaimed(Job job, long deadlineNanos) throws TimeoutException {
        try {
            publish(job);
        } catch (Throwable t) {
            fail(job, t);
            running.release();
            return;
        }
        if (!finish(job, deadlineNanos)) {
            job.published = true;
            queue.addFirst(job); // the dispatcher finishes it; the permit goes with it
            throw new TimeoutException("job " + job.id + " still running");
        }
    }

    /** Resets the control region and publishes the job to the workers (release-stores its sequence last). */
    private void publish(Job job) {
        if (workerMonitor.noWorkersLeft()) {
            throw new JobFailedException("job " + job.id + " cannot run: " + workerMonitor.noWorkersReason());
        }
        JobSpec spec = job.spec;
        Kernel kernel = job.kernel;
        int words = kernel.resultWords();
        long units = spec.units();
        long chunkSize = job.resumeChunkSize != 0 ? job.resumeChunkSize : spec.chunkSize();
        if (chunkSize == 0) {
            chunkSize = kernel.defaultChunkSize(spec.params(), units, workers);
        }
        if (chunkSize <= 0) {
            chunkSize = Math.max(1, ceilDiv(units, (long) workers * EngineConfig.DEFAULT_CHUNKS_PER_WORKER));
        }
        chunkSize = Math.max(chunkSize, ceilDiv(units, ctl.chunkCapacity()));
        if (job.resumeChunkSize != 0 && chunkSize != job.resumeChunkSize) {
            throw new JobFailedException("cannot resume job " + job.id + ": its " + ceilDiv(units, job.resumeChunkSize)
                    + " chunks exceed this engine's chunk capacity of " + ctl.chunkCapacity());
        }
        long chunks = units == 0 ? 0 : ceilDiv(units, chunkSize);
        job.units = units;

        Map<Long, long[]> checkpoint = spec.resumeJobId() == null ? Map.of() : store.finishedChunks(spec.resumeJobId());
        store.started(new JobStore.JobRecord(job.id, spec.label(), spec.kernelClass(), spec.params().toString(), spec.seed(),
                spec.from(), spec.to(), chunkSize, chunks, workers, mode.name().toLowerCase(), "RUNNING",
                System.currentTimeMillis(), 0, checkpoint.size(), ""));

        // Publish: reset the job words and chunk slots, write the fields, then the sequence (release).
        long seqNow = ++seq;
        ctl.resetChunks(chunks);
        job.startCheckpoints(chunks, checkpoint.keySet());
        long skipped = 0;
        long skippedUnits = 0;
        for (Map.Entry<Long, long[]> e : checkpoint.entrySet()) {
            long c = e.getKey();
            if (c >= 0 && c < chunks) {
                ctl.publishChunk(c, Arrays.copyOf(e.getValue(), words), words, CHUNK_DONE);
                skipped++;
                skippedUnits += Math.min(spec.to(), spec.from() + (c + 1) * chunkSize) - (spec.from() + c * chunkSize);
            }
        }
        ctl.stopFlag().clear();
        ctl.clearError();
        ctl.cursor().setRelease(0);
        ctl.chunksFinished().setRelease(skipped);
        ctl.unitsFinished().setRelease(skippedUnits);
        ctl.setRelease(REQUEUES_OFFSET, 0);
        ctl.set(JOB_ID_OFFSET, seqNow);
        ctl.set(FIRST_UNIT_OFFSET, spec.from());
        ctl.set(TOTAL_UNITS_OFFSET, units);
        ctl.set(CHUNK_SIZE_OFFSET, chunkSize);
        ctl.set(CHUNKS_OFFSET, chunks);
        ctl.set(SCHEDULE_OFFSET, spec.schedule().ordinal());
        ctl.set(SEED_OFFSET, spec.seed());
        ctl.set(RESULT_WORDS_OFFSET, words);
        ctl.set(JOB_WORKERS_OFFSET, workers);
        ctl.writeBytes(KERNEL_LENGTH_OFFSET, KERNEL_OFFSET, KERNEL_CAPACITY, spec.kernelClass().getBytes(StandardCharsets.UTF_8), "kernel class name");
        ctl.writeBytes(PARAMS_LENGTH_OFFSET, PARAMS_OFFSET, PARAMS_CAPACITY, job.params, "job parameters");
        if (job.cancelRequested) {
            ctl.stopFlag().setRelease(STOP_CANCEL);
        }
        job.running = new RunningJob(job.id, spec.label(), seqNow, kernel, spec.params(), spec.from(), spec.to(), chunkSize, chunks,
                spec.schedule(), spec.seed());
        workerMonitor.setJob(job.running); // before the workers see it: a worker may die at once
        ctl.setVolatile(JOB_STATE_OFFSET, JOB_RUNNING);
        job.ctlAttached = true;
        // release: workers read the fields only after they see the new sequence
        ctl.setRelease(JOB_SEQ_OFFSET, seqNow);

        job.seq = seqNow;
        job.chunks = chunks;
        job.skipped = skipped;
        if (mode == Mode.INLINE) {
            new WorkerLoop(ctl, 0).runJob(seqNow);
        }
    }

    /** Combines the finished job's chunk results in chunk order and records the outcome. */
    private JobResult combine(Job job) {
        JobSpec spec = job.spec;
        Kernel kernel = job.kernel;
        int words = kernel.resultWords();
        long chunks = job.chunks;
        long skipped = job.skipped;
        ctl.setVolatile(JOB_STATE_OFFSET, JOB_FINISHED);
        workerMonitor.setJob(null);

        // Combine in chunk order.
        long[] acc = new long[words];
        long[] part = new long[words];
        kernel.identity(acc);
        long included = 0;
        for (long c = 0; c < chunks; c++) {
            long state = ctl.chunkState(c);
            if (state == CHUNK_DONE || state == CHUNK_PARTIAL) {
                ctl.readChunkResult(c, part, words);
                kernel.combine(acc, part);
                included++;
            }
        }
        double seconds = (System.nanoTime() - job.submittedNanos) / 1e9;
        String error = ctl.errorText();
        long stopReason = ctl.stopFlag().getAcquire();
        JobStatus status;
        if (error != null) {
            status = JobStatus.FAILED;
        } else if (stopReason == STOP_FOUND) {
            status = JobStatus.FOUND;
        } else if (stopReason != 0 && included < chunks) {
            status = JobStatus.CANCELLED;
        } else {
            status = JobStatus.COMPLETED;
        }
        job.checkpoint(ctl, chunks, words, store);
        store.finished(job.id, status, included, Arrays.toString(acc), System.currentTimeMillis());
        if (status == JobStatus.FAILED) {
            throw new JobFailedException("job " + job.id + " failed: " + error.strip());
        }
        return new JobResult(job.id, status, acc, chunks, included, skipped, seconds, workers, mode);
    }

    /** Waits until the job's chunks are finished (or it stopped) and every worker left it; false at the deadline. */
    private boolean awaitCompletion(Job job, long deadlineNanos) {
        long seqNow = job.seq;
        long chunks = job.chunks;
        int words = job.kernel.resultWords();
        IdleStrategy idle = EngineConfig.idleStrategy(workers); // a long job: the coordinator ends up parked, not spinning on a worker's core
        long nextScan = 0;
        while (true) {
            boolean allChunks = ctl.chunksFinished().getAcquire() >= chunks;
            boolean stopped = ctl.stopFlag().isSet();
            long now = System.nanoTime();
            if (!allChunks && !stopped && job.running.workerDied && now - nextScan >= 0) {
                // A worker may have died between publishing a chunk and counting it: count the states.
                nextScan = now + 10_000_000L;
                allChunks = allChunksFinished(chunks);
            }
            if (job.cancelRequested && !stopped) {
                ctl.stopFlag().compareAndSet(STOP_CANCEL);
            }
            if (allChunks || stopped) {
                // volatile, then the workers' states: a worker that joins now sees the job over (see workersFinished)
                ctl.setVolatile(JOB_STATE_OFFSET, JOB_FINISHED);
                if (workersFinished(seqNow)) {
                    return true;
                }
            }
            if (now - deadlineNanos >= 0 && deadlineNanos != Long.MAX_VALUE) {
                return false;
            }
            if (job.store && now - job.nextCheckpoint >= 0) {
                job.nextCheckpoint = now + 200_000_000L;
                job.checkpoint(ctl, chunks, words, store);
            }
            if (closed) {
                throw new JobFailedException("engine closed while job " + job.id + " was running");
            }
            idle.idle();
        }
    }

    private boolean allChunksFinished(long chunks) {
        for (long c = 0; c < chunks; c++) {
            long s = ctl.chunkState(c);
            if (s != CHUNK_DONE && s != CHUNK_PARTIAL) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether no worker is inside job {@code seqNow} any more. Called after the job state was set to
     * FINISHED (volatile): a worker that is not yet ready (a replacement starting) or that exited
     * cannot be in the job, and if it becomes ready now it reads the job state after its own
     * volatile "ready" store, so it sees FINISHED and skips the job.
     */
    private boolean workersFinished(long seqNow) {
        if (mode == Mode.INLINE) {
            return true;
        }
        for (int w = 0; w < workers; w++) {
            long state = ctl.workerWordVolatile(w, W_STATE);
            if (state == WORKER_ABSENT || state == WORKER_EXITED) {
                continue;
            }
            if (pool.isAlive(w) && ctl.workerWord(w, W_FINISHED_SEQ) < seqNow) {
                return false;
            }
        }
        return true;
    }

    private static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    // ------------------------------------------------------------------ close

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // shutting down anyway
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workerMonitor.close();
        try {
            ctl.shutdownFlag().setRelease(STOP_SHUTDOWN);
            ctl.stopFlag().compareAndSet(STOP_SHUTDOWN);
            if (dispatcher != null) {
                dispatcher.interrupt();
            }
            if (monitor != null) {
                monitor.interrupt();
                try {
                    monitor.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (pool != null) {
                pool.close();
            }
        } finally {
            ctl.close();
            store.close();
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
        }
    }

    // ------------------------------------------------------------------ job handle

    private final class Job implements JobHandle {
        final String id;
        final JobSpec spec;
        final Kernel kernel;
        final byte[] params;
        final long submittedNanos;
        /** The recorded job's chunk size when resuming, else 0. */
        final long resumeChunkSize;
        final CompletableFuture<JobResult> future = new CompletableFuture<>();
        final boolean store = Coordinator.this.store != JobStore.NONE;
        volatile boolean cancelRequested;
        volatile boolean ctlAttached;
        /** What the monitor knows of it while it is published. */
        volatile RunningJob running;
        volatile long units = -1;
        /** Set when a caller that ran it timed out and handed it to the dispatcher. */
        volatile boolean published;
        long seq;
        long chunks;
        long skipped;
        long nextCheckpoint;
        private boolean[] recorded;

        Job(String id, JobSpec spec, Kernel kernel, byte[] params, long submittedNanos, long resumeChunkSize) {
            this.id = id;
            this.spec = spec;
            this.kernel = kernel;
            this.params = params;
            this.submittedNanos = submittedNanos;
            this.resumeChunkSize = resumeChunkSize;
        }

        void complete(JobResult r) {
            future.complete(r);
        }

        /** Starts checkpoint bookkeeping: chunks restored from an earlier run are in the store already. */
        void startCheckpoints(long chunks, java.util.Set<Long> already) {
            recorded = new boolean[(int) chunks];
            for (Long c : already) {
                if (c >= 0 && c < chunks) {
                    recorded[(int) (long) c] = true;
                }
            }
        }

        /** Records newly finished chunks in the job store. */
        void checkpoint(ControlRegion ctl, long chunks, int words, JobStore s) {
            if (!store) {
                return;
            }
            long[] part = new long[words];
            for (int c = 0; c < chunks; c++) {
                if (!recorded[c] && ctl.chunkState(c) == CHUNK_DONE) {
                    ctl.readChunkResult(c, part, words);
                    s.chunkDone(id, c, part.clone());
                    recorded[c] = true;
                }
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public JobResult await(java.time.Duration timeout) throws TimeoutException {
            if (!future.isDone()) {
                runHere(this, deadline(timeout));
            }
            return JobHandle.super.await(timeout);
        }

        @Override
        public CompletableFuture<JobResult> future() {
            return future;
        }

        @Override
        public double progress() {
            if (future.isDone()) {
                return 1.0;
            }
            long u = units;
            if (!ctlAttached || u <= 0) {
                return 0.0;
            }
            return Math.min(1.0, ctl.unitsFinished().getAcquire() / (double) u);
        }

        @Override
        public void cancel() {
            cancelRequested = true;
            if (ctlAttached && !future.isDone()) {
                ctl.stopFlag().compareAndSet(STOP_CANCEL);
            } else if (!ctlAttached && queue.remove(this)) {
                future.complete(new JobResult(id, JobStatus.CANCELLED, new long[kernel.resultWords()], 0, 0, 0,
                        (System.nanoTime() - submittedNanos) / 1e9, workers, mode));
            }
        }
    }

    /** For diagnostics: the worker slots as text lines. */
    public List<String> workerLines() {
        List<String> lines = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            lines.add("worker " + w + " pid " + ctl.workerWord(w, W_PID) + " state " + ctl.workerWord(w, W_STATE) + " chunks "
                    + ctl.workerWord(w, W_CHUNKS));
        }
        return lines;
    }
}
