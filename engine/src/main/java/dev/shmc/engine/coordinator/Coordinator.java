package dev.shmc.engine.coordinator;

import static dev.shmc.engine.control.ControlDescriptor.*;

import dev.shmc.engine.api.FaultPolicy;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.loader.KernelClassLoaders;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.sync.IdleStrategy;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
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
    private final LinkedBlockingDeque<QueuedJob> queue = new LinkedBlockingDeque<>();
    /** One permit: held from a job's publication until its result is combined (possibly across threads). */
    private final Semaphore running = new Semaphore(1);
    private final Thread dispatcher;
    private final WorkerMonitor workerMonitor;
    private final JobPublisher publisher;
    private final JobCompletion completion;
    private final Thread monitor;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Consumer<String> eventSink;
    private final Thread shutdownHook;
    /** The job published last (its results file is removed at close if it is still running). */
    private volatile QueuedJob lastPublished;
    private volatile boolean closed;
    private long seq;

    /**
     * A coordinator with {@code workers} workers in {@code mode}; worker JVMs get
     * {@code workerJvmOptions} (checked by {@link WorkerJvmOptions#checked}) after the engine's
     * options, and threads ignore them.
     */
    public Coordinator(Mode mode, int workers, Path dir, JobStore store, Consumer<String> eventSink, FaultPolicy faults,
                       List<String> workerJvmOptions) {
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be between 1 and 1024: " + workers);
        }
        List<String> jvmOptions = WorkerJvmOptions.checked(workerJvmOptions); // before anything is created
        this.mode = mode;
        this.workers = mode == Mode.INLINE ? 1 : workers;
        this.store = store;
        this.eventSink = eventSink == null ? e -> { } : eventSink;
        long t0 = System.nanoTime();
        Regions.reclaimStale(dir);
        if (dir.equals(Regions.directory()) && Regions.fallbackDirectory() != null) {
            Regions.reclaimStale(Regions.fallbackDirectory()); // what a crash left there too
        }
        String name = "ctl-" + Processes.selfPid() + "-" + ENGINES.incrementAndGet();
        byte[] secret = ControlRegion.newSecret();
        this.ctl = ControlRegion.create(dir, name, this.workers, EngineConfig.CHUNK_CAPACITY, Processes.selfPid(), Processes.selfStartMillis(),
                secret);
        this.shutdownHook = new Thread(this::closeQuietly, "shmc-engine-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        WorkerPool p = switch (mode) {
            case PROCESSES -> new ProcessWorkerPool(ctl, secret, jvmOptions);
            case THREADS -> new ThreadWorkerPool(ctl);
            case INLINE -> null;
        };
        this.pool = p;
        this.workerMonitor = new WorkerMonitor(ctl, pool, faults, this::event);
        this.publisher = new JobPublisher(ctl, store, this.workers, mode, workerMonitor);
        this.completion = new JobCompletion(ctl, pool, store, this.workers, mode, workerMonitor, () -> closed);
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
        QueuedJob job = newJob(spec);
        queue.add(job);
        return job;
    }

    /**
     * Runs a job and waits for its result: on the calling thread when no job is queued or running,
     * else after the jobs before it.
     */
    public JobResult run(JobSpec spec, java.time.Duration timeout) throws TimeoutException {
        QueuedJob job = newJob(spec);
        if (Thread.currentThread() != dispatcher && queue.isEmpty() && running.tryAcquire()) {
            runClaimed(job, deadline(timeout));
            return job.await(timeout);
        }
        queue.add(job);
        return job.await(timeout);
    }

    static long deadline(java.time.Duration timeout) {
        long nanos = timeout.toNanos();
        return nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : System.nanoTime() + nanos;
    }

    private QueuedJob newJob(JobSpec spec) {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        // the job's own classpath, if it names one, checked again here: its files may have changed since it was built
        ClassLoader loader = KernelClassLoaders.forClasspath(spec.params().getString(JobSpec.CLASSPATH_PARAM, null));
        Kernel kernel;
        ResultLayout layout;
        try (KernelClassLoaders.ContextLoader _ = KernelClassLoaders.asContextLoader(loader)) {
            kernel = Kernel.instantiate(spec.kernelClass(), loader);
            layout = kernel.resultLayout(spec.params()); // 1 to ResultLayout.MAX_WORDS words, checked by the layout
        }
        byte[] params = spec.params().encode();
        if (params.length > PARAMS_CAPACITY) {
            throw new IllegalArgumentException("job parameters too long: " + params.length + " bytes, at most " + PARAMS_CAPACITY);
        }
        String id = spec.resumeJobId() != null ? spec.resumeJobId() : newJobId();
        // a resumed job must be the recorded one, cut into the same chunks (else its checkpoints do not line up)
        long resumeChunkSize = spec.resumeJobId() != null ? ResumeCheck.chunkSize(store, spec) : 0;
        return new QueuedJob(this, id, spec, kernel, loader, layout, params, System.nanoTime(), resumeChunkSize, store != JobStore.NONE);
    }

    private static String newJobId() {
        return "j" + LocalDateTime.now().format(ID_TIME) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    // ------------------------------------------------------------------ dispatcher

    private void dispatch() {
        IdleStrategy idle = new IdleStrategy(100, 2_000, 0);
        while (!closed) {
            // Back-to-back jobs are picked up without a park/unpark round trip; an idle engine blocks.
            QueuedJob job = queue.poll();
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
        for (QueuedJob j : queue) {
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
                QueuedJob head = queue.peekFirst();
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
    private void execute(QueuedJob job) {
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
    private boolean finish(QueuedJob job, long deadlineNanos) {
        try {
            if (!completion.await(job, deadlineNanos)) {
                return false;
            }
            job.complete(completion.combine(job));
        } catch (Throwable t) {
            fail(job, t);
        } finally {
            job.closeSlots();
        }
        running.release();
        return true;
    }

    private static void fail(QueuedJob job, Throwable t) {
        if (t instanceof JobFailedException e) {
            job.future.completeExceptionally(e);
        } else {
            // a class initialiser's error says nothing itself: its cause does (a rejected -D setting, say)
            Throwable shown = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
            job.future.completeExceptionally(new JobFailedException("job " + job.id + " failed in the coordinator: " + shown, t));
        }
    }

    /**
     * Runs {@code job} on the calling thread if it is next and no job is running; returns false if
     * it is not this thread's to run. Throws {@link TimeoutException} when the deadline passes first,
     * after handing the job to the dispatcher.
     */
    boolean runHere(QueuedJob job, long deadlineNanos) throws TimeoutException {
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
    private void runClaimed(QueuedJob job, long deadlineNanos) throws TimeoutException {
        try {
            lastPublished = job;
            publisher.publish(job, ++seq);
        } catch (Throwable t) {
            fail(job, t);
            job.closeSlots();
            running.release();
            return;
        }
        if (!finish(job, deadlineNanos)) {
            job.published = true;
            queue.addFirst(job); // the dispatcher finishes it; the permit goes with it
            throw new TimeoutException("job " + job.id + " still running");
        }
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
            QueuedJob last = lastPublished;
            if (last != null) {
                last.closeSlots(); // a job still running at close: its results file goes with the control region
            }
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

    /** Cancels {@code job}: raises the stop flag if it is published, else takes it off the queue. */
    void cancel(QueuedJob job) {
        if (job.ctlAttached && !job.future.isDone()) {
            ctl.stopFlag().compareAndSet(STOP_CANCEL);
        } else if (!job.ctlAttached && queue.remove(job)) {
            job.future.complete(new JobResult(job.id, JobStatus.CANCELLED, Result.of(job.layout).raw(), 0, 0, 0,
                    (System.nanoTime() - job.submittedNanos) / 1e9, workers, mode, job.layout));
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
