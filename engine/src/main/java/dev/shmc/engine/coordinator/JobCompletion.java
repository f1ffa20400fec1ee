package dev.shmc.engine.coordinator;

import static dev.shmc.engine.control.ControlDescriptor.*;

import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.loader.KernelClassLoaders;
import dev.shmc.shm.sync.IdleStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waits for a published job to end (every chunk finished, or the job stopped, and every worker out
 * of it), checkpoints its finished chunks meanwhile, and combines the chunk results in chunk
 * order into the job's result. Called with the coordinator's permit held.
 */
final class JobCompletion {
    private final ControlRegion ctl;
    private final WorkerPool pool;
    private final JobStore store;
    private final int workers;
    private final Mode mode;
    private final WorkerMonitor monitor;
    private final BooleanSupplier closed;

    JobCompletion(ControlRegion ctl, WorkerPool pool, JobStore store, int workers, Mode mode, WorkerMonitor monitor, BooleanSupplier closed) {
        this.ctl = ctl;
        this.pool = pool;
        this.store = store;
        this.workers = workers;
        this.mode = mode;
        this.monitor = monitor;
        this.closed = closed;
    }

    /** Combines the finished job's chunk results in chunk order and records the outcome. */
    JobResult combine(QueuedJob job) {
        JobSpec spec = job.spec;
        Kernel kernel = job.kernel;
        long chunks = job.chunks;
        long skipped = job.skipped;
        ctl.finishJob();
        monitor.setJob(null);

        // Combine in chunk order, from the identity: the same fold whoever computed the chunks.
        Result acc = Result.of(job.layout);
        Result part = Result.of(job.layout);
        List<long[]> chunkResults = spec.keepsChunkResults() ? new ArrayList<>((int) chunks) : null;
        long included = 0;
        try (KernelClassLoaders.ContextLoader _ = KernelClassLoaders.asContextLoader(job.loader)) {
            kernel.identity(acc);
            for (long c = 0; c < chunks; c++) {
                long state = ctl.chunkState(c);
                boolean in = state == CHUNK_DONE || state == CHUNK_PARTIAL;
                if (in) {
                    job.slots.read(c, part.raw());
                    if (chunkResults != null) {
                        chunkResults.add(part.raw().clone()); // before the combine: a kernel may reuse part
                    }
                    kernel.combine(acc, part);
                    included++;
                } else if (chunkResults != null) {
                    chunkResults.add(null);
                }
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
        job.checkpoint(ctl, chunks, store);
        store.finished(job.id, status, included, acc.toString(), System.currentTimeMillis());
        if (status == JobStatus.FAILED) {
            throw new JobFailedException("job " + job.id + " failed: " + error.strip());
        }
        return new JobResult(job.id, status, acc.raw(), chunks, included, skipped, seconds, workers, mode, job.layout, chunkResults);
    }

    /** Waits until the job's chunks are finished (or it stopped) and every worker left it; false at the deadline. */
    boolean await(QueuedJob job, long deadlineNanos) {
        long seqNow = job.seq;
        long chunks = job.chunks;
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
                ctl.finishJob();
                if (workersFinished(seqNow)) {
                    return true;
                }
            }
            if (now - deadlineNanos >= 0 && deadlineNanos != Long.MAX_VALUE) {
                return false;
            }
            if (job.recordsCheckpoints && now - job.nextCheckpoint >= 0) {
                job.nextCheckpoint = now + 200_000_000L;
                job.checkpoint(ctl, chunks, store);
            }
            if (closed.getAsBoolean()) {
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
}
