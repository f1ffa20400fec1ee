package dev.shmc.engine.service;

import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A command line the service runs for a thin client, on a thread of its own: its output goes to
 * the client through a {@link CommandOutput}, its jobs to the service's engine through this run's
 * {@link JobRunner}, which remembers them so that a cancel (the client's death, {@code shmc
 * cancel}, a stop) reaches them.
 */
final class CommandRun implements JobRunner {
    private final JobRunner engine;
    private final CommandOutput output;
    private final List<JobHandle> jobs = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    /** When the command started and ended (nanoTime), for the service's log. */
    volatile long startedNanos;
    volatile long endedNanos;
    private volatile boolean cancelled;
    private volatile boolean readerGone;

    CommandRun(JobRunner engine, CommandOutput output) {
        this.engine = engine;
        this.output = output;
    }

    void start(CommandHandler handler, String[] args, boolean stderrTty, String name) {
        Thread.ofPlatform().daemon().name("shmc-command-" + name).start(() -> {
            PrintStream out = new PrintStream(output.stream(false, () -> readerGone), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(output.stream(true, () -> readerGone), true, StandardCharsets.UTF_8);
            startedNanos = System.nanoTime();
            int code;
            try {
                code = handler.run(args, out, err, stderrTty, this);
            } catch (Throwable t) {
                err.println("shmc: error in the service: " + t);
                code = 1;
            }
            out.flush();
            err.flush();
            endedNanos = System.nanoTime();
            exit.complete(code);
        });
    }

    /** The client is gone: output is dropped from now on. */
    void readerGone() {
        readerGone = true;
    }

    /** Cancels the command's jobs, and those it submits from now on. */
    void cancel() {
        cancelled = true;
        for (JobHandle h : jobs) {
            h.cancel();
        }
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

    CommandOutput output() {
        return output;
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

    /** Cancels the command's jobs that are still queued or running; the engine is the service's. */
    @Override
    public void close() {
        for (JobHandle h : jobs) {
            if (!h.future().isDone()) {
                h.cancel();
            }
        }
    }
}
