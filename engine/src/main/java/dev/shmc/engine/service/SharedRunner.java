package dev.shmc.engine.service;

import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service's engine as one command sees it (a thin client's, or the service's own warm-up): it
 * submits to the engine and remembers the jobs, so that {@link #cancel} reaches them all, and its
 * {@link #close} cancels those still queued or running but leaves the engine, which is the
 * service's, open. Thread-safe.
 */
public final class SharedRunner implements JobRunner {
    private final JobRunner engine;
    private final List<JobHandle> jobs = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public SharedRunner(JobRunner engine) {
        this.engine = engine;
    }

    @Override
    public JobHandle submit(JobSpec spec) {
        JobHandle h = engine.submit(spec);
        jobs.add(h);
        if (cancelled) {
            h.cancel();
        }
        return h;
    }

    /** Cancels the jobs submitted so far and those submitted from now on. */
    public void cancel() {
        cancelled = true;
        jobs.forEach(JobHandle::cancel);
    }

    /** The job it runs now (the last submitted that has not ended), or null. */
    JobHandle current() {
        JobHandle last = null;
        for (JobHandle h : jobs) {
            if (!h.future().isDone()) {
                last = h;
            }
        }
        return last;
    }

    @Override
    public int workers() {
        return engine.workers();
    }

    @Override
    public Mode mode() {
        return engine.mode();
    }

    /** The service's workers were started before: none for this command. */
    @Override
    public double startupSeconds() {
        return 0;
    }

    @Override
    public long workerPid(int index) {
        return engine.workerPid(index);
    }

    /** Cancels the jobs that are still queued or running; the engine stays open. */
    @Override
    public void close() {
        for (JobHandle h : jobs) {
            if (!h.future().isDone()) {
                h.cancel();
            }
        }
    }
}
