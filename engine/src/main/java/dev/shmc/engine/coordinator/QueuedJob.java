package dev.shmc.engine.coordinator;

import static dev.shmc.engine.control.ControlDescriptor.*;

import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.control.ResultSlots;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A submitted job as the coordinator queues, publishes and records it, and the {@link JobHandle}
 * its submitter holds: awaiting it may run it on the caller's thread ({@link Coordinator#runHere}),
 * and cancelling goes through the coordinator.
 */
final class QueuedJob implements JobHandle {
    final String id;
    final JobSpec spec;
    final Kernel kernel;
    /** Where the kernel's classes come from: its methods run with this as the context class loader. */
    final ClassLoader loader;
    /** The kernel's result layout for this job's parameters. */
    final ResultLayout layout;
    final byte[] params;
    final long submittedNanos;
    /** The recorded job's chunk size when resuming, else 0. */
    final long resumeChunkSize;
    final CompletableFuture<JobResult> future = new CompletableFuture<>();
    /** Whether the engine records jobs (a JobStore other than NONE): then finished chunks are checkpointed. */
    final boolean recordsCheckpoints;
    private final Coordinator coordinator;
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
    /** Where its chunk results are, while it is published. */
    volatile ResultSlots slots;
    private boolean[] recorded;

    QueuedJob(Coordinator coordinator, String id, JobSpec spec, Kernel kernel, ClassLoader loader, ResultLayout layout, byte[] params,
              long submittedNanos, long resumeChunkSize, boolean recordsCheckpoints) {
        this.coordinator = coordinator;
        this.recordsCheckpoints = recordsCheckpoints;
        this.id = id;
        this.spec = spec;
        this.kernel = kernel;
        this.loader = loader;
        this.layout = layout;
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

    /**
     * Records newly finished chunks in the job store. Only results that travel inline are
     * checkpointed: a job with larger results is recorded, and resumed by computing it again.
     */
    void checkpoint(ControlRegion ctl, long chunks, JobStore s) {
        if (!recordsCheckpoints || ResultSlots.needsFile(layout.words())) {
            return;
        }
        long[] part = new long[layout.words()];
        for (int c = 0; c < chunks; c++) {
            if (!recorded[c] && ctl.chunkState(c) == CHUNK_DONE) {
                slots.read(c, part);
                s.chunkDone(id, c, part.clone());
                recorded[c] = true;
            }
        }
    }

    /** Removes the job's results file, if it has one. Idempotent. */
    void closeSlots() {
        ResultSlots s = slots;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public JobResult await(java.time.Duration timeout) throws TimeoutException {
        if (!future.isDone()) {
            coordinator.runHere(this, Coordinator.deadline(timeout));
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
        return Math.min(1.0, coordinator.control().unitsFinished().getAcquire() / (double) u);
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        coordinator.cancel(this);
    }
}
