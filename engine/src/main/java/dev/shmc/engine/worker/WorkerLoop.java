package dev.shmc.engine.worker;

import static dev.shmc.engine.control.ControlDescriptor.*;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.api.Schedule;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.control.ChunkOrder;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.control.JobFields;
import dev.shmc.engine.control.ResultSlots;
import dev.shmc.engine.loader.KernelClassLoaders;
import dev.shmc.kernels.montecarlo.SplitMix64;
import dev.shmc.shm.array.SharedArray;
import dev.shmc.shm.array.SharedBitSet;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.array.SharedIntArray;
import dev.shmc.shm.array.SharedLongArray;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.sync.IdleStrategy;
import dev.shmc.shm.sync.SharedFlag;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The duty cycle of one worker, the same in a worker JVM, in a worker thread and inline: wait for
 * a job to be published, claim chunks (shared cursor, static stride, then re-queued chunks of dead
 * workers), compute them, publish each result in its chunk slot, and report the job finished.
 * Stops at the next chunk when the job's stop flag is raised.
 */
public final class WorkerLoop implements Runnable {
    private final ControlRegion ctl;
    private final int index;
    /**
     * The arrays jobs attached by name (KernelContext.doubleArray and the like), kept mapped for the
     * next job (mapping again would fault every page in again); one whose file was removed is
     * unmapped when a job ends, one replaced by a new file of its name when a job first uses it.
     */
    private final Map<String, SharedArray> arrays = new HashMap<>();
    /** The keys of {@link #arrays} whose files the running job has checked. */
    private final java.util.Set<String> checkedThisJob = new java.util.HashSet<>();
    private final IdleStrategy idle;

    public WorkerLoop(ControlRegion ctl, int index) {
        if (index < 0 || index >= ctl.workers()) {
            throw new IllegalArgumentException("worker index " + index + " out of range 0.." + (ctl.workers() - 1));
        }
        this.ctl = ctl;
        this.index = index;
        this.idle = EngineConfig.idleStrategy(ctl.workers());
    }

    /** Announces this worker in its slot (pid, start time, READY). */
    public void announce() {
        ctl.setWorkerWord(index, W_PID, Processes.selfPid());
        ctl.setWorkerWord(index, W_START, Processes.selfStartMillis());
        ctl.setWorkerWord(index, W_HEARTBEAT, System.nanoTime());
        // volatile: pairs with the coordinator's volatile "job finished" store (ControlRegion.workerWordVolatile)
        ctl.setWorkerWordVolatile(index, W_STATE, WORKER_READY);
    }

    /** Runs jobs until the engine shuts down. */
    @Override
    public void run() {
        announce();
        long lastSeq = 0;
        try {
            while (!ctl.shutdownFlag().isSet()) {
                long seq = ctl.publishedSeq();
                if (seq != lastSeq) {
                    if (ctl.isJobRunning()) {
                        runJob(seq);
                    }
                    lastSeq = seq;
                    ctl.setWorkerWord(index, W_FINISHED_SEQ, seq);
                    idle.reset();
                } else {
                    idle.idle();
                }
            }
        } finally {
            ctl.setWorkerWord(index, W_STATE, WORKER_EXITED);
            closeArrays();
        }
    }

    /** Takes part in the published job {@code seq} until it is finished or stopped. */
    public void runJob(long seq) {
        ctl.setWorkerWord(index, W_STATE, WORKER_BUSY);
        try {
            work(seq);
        } catch (Throwable t) {
            ctl.reportError(index, describe(t));
        } finally {
            // a long-lived worker (the service's) must not hold the memory of arrays removed meanwhile
            closeRemovedArrays();
            checkedThisJob.clear();
            ctl.setWorkerWord(index, W_STATE, WORKER_READY);
        }
    }

    private void work(long seq) {
        final JobFields job = ctl.readJob(seq);
        final SharedFlag stop = ctl.stopFlag();
        if (job == null || job.chunks() == 0 || stop.isSet()) {
            return; // a newer job was published meanwhile, or there is nothing to do
        }
        final long first = job.firstUnit();
        final long total = job.totalUnits();
        final long chunkSize = job.chunkSize();
        final long chunks = job.chunks();
        final Schedule schedule = Schedule.values()[job.schedule()];
        final int resultWords = job.resultWords();
        final long seed = job.seed();
        final Params params = Params.decode(job.params());
        // the job's own classpath, checked again here; this JVM may have started long before the job was built
        ClassLoader loader = KernelClassLoaders.forClasspath(params.getString(JobSpec.CLASSPATH_PARAM, null));
        try (KernelClassLoaders.ContextLoader _ = KernelClassLoaders.asContextLoader(loader)) {
            Kernel kernel = Kernel.instantiate(job.kernelClass(), loader);
            ResultLayout layout = kernel.resultLayout(params);
            if (layout.words() != resultWords) {
                throw new IllegalStateException("kernel " + job.kernelClass() + " has a result of " + layout.words() + " words here and "
                        + resultWords + " in the coordinator: its resultLayout must depend on the job's parameters only");
            }
            Context ctx = new Context(params, seed, total);
            kernel.init(ctx);
            try (ResultSlots slots = ResultSlots.attach(ctl, seq, resultWords, chunks)) {
                work(new Chunks(kernel, ctx, Result.of(layout), slots, first, total, chunkSize), schedule, chunks, seed, stop);
            }
        }
    }

    private void work(Chunks run, Schedule schedule, long chunks, long seed, SharedFlag stop) {

        if (schedule == Schedule.STATIC) {
            for (long c = index; c < chunks && !stop.isSet(); c += ctl.workers()) {
                run.tryRun(c, CHUNK_PENDING);
            }
        } else {
            ChunkOrder order = schedule == Schedule.RANDOMIZED ? ChunkOrder.randomized(chunks, seed) : ChunkOrder.identity(chunks);
            while (!stop.isSet()) {
                long i = ctl.cursor().getAndAdd(1);
                if (i >= chunks) {
                    break;
                }
                run.tryRun(order.chunkAt(i), CHUNK_PENDING);
            }
        }
        // Chunks of dead workers come back as REQUEUED: help until every chunk is finished.
        IdleStrategy wait = EngineConfig.idleStrategy(ctl.workers()); // yield-heavy: the last chunks usually finish within microseconds
        long seenRequeues = -1;
        while (!stop.isSet() && ctl.chunksFinished().getAcquire() < chunks && ctl.isJobRunning()
                && !ctl.shutdownFlag().isSet()) {
            long requeues = ctl.requeueCount();
            boolean ran = false;
            if (requeues != seenRequeues) {
                seenRequeues = requeues;
                for (long c = 0; c < chunks && !stop.isSet(); c++) {
                    if (ctl.chunkState(c) == CHUNK_REQUEUED) {
                        ran |= run.tryRun(c, CHUNK_REQUEUED);
                    }
                }
            }
            if (ran) {
                wait.reset();
            } else {
                wait.idle();
            }
        }
    }

    /** Claims and computes single chunks. */
    private final class Chunks {
        private final Kernel kernel;
        private final Context ctx;
        private final Result out;
        private final ResultSlots slots;
        private final long first;
        private final long end;
        private final long chunkSize;

        Chunks(Kernel kernel, Context ctx, Result out, ResultSlots slots, long first, long total, long chunkSize) {
            this.kernel = kernel;
            this.ctx = ctx;
            this.out = out;
            this.slots = slots;
            this.first = first;
            this.end = first + total;
            this.chunkSize = chunkSize;
        }

        boolean tryRun(long chunk, long expected) {
            if (!ctl.claimChunk(chunk, expected, index)) {
                return false;
            }
            long from = first + chunk * chunkSize;
            long to = Math.min(end, from + chunkSize);
            kernel.identity(out);
            ctx.chunk = chunk;
            ctx.random = null;
            kernel.compute(ctx, from, to, out);
            long state = ctl.stopFlag().isSet() ? CHUNK_PARTIAL : CHUNK_DONE;
            slots.publish(chunk, out.raw(), state);
            ctl.chunksFinished().getAndAdd(1);
            ctl.unitsFinished().getAndAdd(to - from);
            ctl.setWorkerWord(index, W_CHUNKS, ctl.workerWord(index, W_CHUNKS) + 1);
            return true;
        }
    }

    /** Message and stack trace of a failure, as the coordinator will show it. */
    private String describe(Throwable t) {
        StringWriter text = new StringWriter();
        text.append("worker ").append(String.valueOf(index)).append(" (pid ").append(String.valueOf(Processes.selfPid())).append("): ");
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Unmaps the arrays whose files were removed (or replaced) since they were attached. */
    private void closeRemovedArrays() {
        arrays.values().removeIf(a -> {
            if (a.region().isCurrentFile()) {
                return false;
            }
            a.close();
            return true;
        });
    }

    private void closeArrays() {
        for (SharedArray a : arrays.values()) {
            a.close();
        }
        arrays.clear();
    }

    /** The kernel's view of its job and this worker. */
    private final class Context implements KernelContext {
        private final Params params;
        private final long seed;
        private final long total;
        long chunk;
        RandomGenerator random;

        Context(Params params, long seed, long total) {
            this.params = params;
            this.seed = seed;
            this.total = total;
        }

        @Override
        public Params params() {
            return params;
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public int workerIndex() {
            return index;
        }

        @Override
        public int workers() {
            return ctl.workers();
        }

        @Override
        public long chunkIndex() {
            return chunk;
        }

        @Override
        public long totalUnits() {
            return total;
        }

        @Override
        public RandomGenerator random() {
            if (random == null) {
                random = new SplittableRandom(SplitMix64.output(seed, chunk));
            }
            return random;
        }

        @Override
        public boolean stopRequested() {
            return ctl.stopFlag().isSet();
        }

        @Override
        public void requestStop() {
            ctl.stopFlag().compareAndSet(STOP_FOUND);
        }

        @Override
        public SharedDoubleArray doubleArray(String name) {
            return attached(SharedDoubleArray.class, name, SharedDoubleArray::attach);
        }

        @Override
        public SharedLongArray longArray(String name) {
            return attached(SharedLongArray.class, name, SharedLongArray::attach);
        }

        @Override
        public SharedIntArray intArray(String name) {
            return attached(SharedIntArray.class, name, SharedIntArray::attach);
        }

        @Override
        public SharedBitSet bitSet(String name) {
            return attached(SharedBitSet.class, name, SharedBitSet::attach);
        }

        /** The array {@code name} of {@code type}, attached at its first use by this worker (one map entry per type and name). */
        private <A extends SharedArray> A attached(Class<A> type, String name, Function<String, A> attach) {
            String key = type.getSimpleName() + ":" + name;
            if (checkedThisJob.add(key)) {
                // once per job: an array of this name may have been removed and made again since an earlier job
                SharedArray old = arrays.get(key);
                if (old != null && !old.region().isCurrentFile()) {
                    arrays.remove(key).close();
                }
            }
            return type.cast(arrays.computeIfAbsent(key, k -> attach.apply(name)));
        }
    }
}
