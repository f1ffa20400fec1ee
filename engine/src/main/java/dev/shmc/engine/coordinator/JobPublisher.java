package dev.shmc.engine.coordinator;

import static dev.shmc.engine.control.ControlDescriptor.*;

import dev.shmc.engine.api.ChunkGrid;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.control.JobFields;
import dev.shmc.engine.control.ResultSlots;
import dev.shmc.engine.loader.KernelClassLoaders;
import dev.shmc.engine.worker.WorkerLoop;
import java.util.Arrays;
import java.util.Map;

/**
 * Publishes a job in the control region: chooses its chunk size, records it, restores what a
 * resumed job's earlier run finished, and writes it through the control region's one writer
 * ({@link ControlRegion#publishJob}). Called with the coordinator's permit held, one job at a time.
 */
final class JobPublisher {
    private final ControlRegion ctl;
    private final JobStore store;
    private final int workers;
    private final Mode mode;
    private final WorkerMonitor monitor;

    JobPublisher(ControlRegion ctl, JobStore store, int workers, Mode mode, WorkerMonitor monitor) {
        this.ctl = ctl;
        this.store = store;
        this.workers = workers;
        this.mode = mode;
        this.monitor = monitor;
    }

    /**
     * Cuts {@code job} into chunks, records it in the job store, restores the chunks an earlier run
     * of it finished (resume) and publishes it to the workers as job {@code seqNow}; runs it here
     * when the engine is INLINE.
     */
    void publish(QueuedJob job, long seqNow) {
        if (monitor.noWorkersLeft()) {
            throw new JobFailedException("job " + job.id + " cannot run: " + monitor.noWorkersReason());
        }
        JobSpec spec = job.spec;
        Kernel kernel = job.kernel;
        int words = job.layout.words();
        long units = spec.units();
        // the job's own grid (a cluster cuts the same one), or the recorded one of a resumed job
        ChunkGrid grid;
        try (KernelClassLoaders.ContextLoader _ = KernelClassLoaders.asContextLoader(job.loader)) { // for the kernel's size hint
            grid = job.resumeChunkSize == 0 ? ChunkGrid.of(spec, kernel, words, workers, ctl.chunkCapacity())
                    : new ChunkGrid(spec.from(), spec.to(), job.resumeChunkSize);
        }
        if (grid.chunks() > ChunkGrid.maxChunks(words, ctl.chunkCapacity())) {
            throw new JobFailedException("cannot resume job " + job.id + ": its " + grid.chunks() + " chunks exceed this engine's limit of "
                    + ChunkGrid.maxChunks(words, ctl.chunkCapacity()) + " chunks for a result of " + words + " words");
        }
        long chunkSize = grid.chunkSize();
        long chunks = grid.chunks();
        job.units = units;

        Map<Long, long[]> checkpoint = spec.resumeJobId() == null ? Map.of() : store.finishedChunks(spec.resumeJobId());
        store.started(new JobStore.JobRecord(job.id, spec.label(), spec.kernelClass(), spec.params().toString(), spec.seed(),
                spec.from(), spec.to(), chunkSize, chunks, workers, mode.name().toLowerCase(), "RUNNING",
                System.currentTimeMillis(), 0, checkpoint.size(), ""));

        // Publish: reset the chunk slots and restore the checkpointed ones, then the job words and fields, the sequence last.
        ctl.resetChunks(chunks);
        job.slots = ResultSlots.create(ctl, seqNow, words, chunks);
        job.startCheckpoints(chunks, checkpoint.keySet());
        long skipped = 0;
        long skippedUnits = 0;
        for (Map.Entry<Long, long[]> e : checkpoint.entrySet()) {
            long c = e.getKey();
            if (c >= 0 && c < chunks) {
                job.slots.publish(c, Arrays.copyOf(e.getValue(), words), CHUNK_DONE);
                skipped++;
                skippedUnits += grid.chunkTo(c) - grid.chunkFrom(c);
            }
        }
        job.running = new RunningJob(job.id, spec.label(), seqNow, kernel, job.loader, spec.params(), spec.from(), spec.to(), chunkSize,
                chunks, spec.schedule(), spec.seed());
        monitor.setJob(job.running); // before the workers see it: a worker may die at once
        job.ctlAttached = true;
        ctl.publishJob(seqNow, new JobFields(spec.from(), units, chunkSize, chunks, spec.schedule().ordinal(), spec.seed(), words, workers,
                spec.kernelClass(), job.params), skipped, skippedUnits, job.cancelRequested);

        job.seq = seqNow;
        job.chunks = chunks;
        job.skipped = skipped;
        if (mode == Mode.INLINE) {
            new WorkerLoop(ctl, 0).runJob(seqNow);
        }
    }
}
