package dev.shmc.engine.service;

import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobRunner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A command line the service runs for a thin client, on a thread of its own: its output goes to
 * the client through a {@link CommandOutput}, its jobs to the service's engine through a
 * {@link SharedRunner}, so that a cancel (the client's death, {@code shmc cancel}, a stop) reaches
 * them.
 */
final class CommandRun {
    private final SharedRunner runner;
    private final CommandOutput output;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    /** When the command started and ended (nanoTime), for the service's log. */
    volatile long startedNanos;
    volatile long endedNanos;
    private volatile boolean readerGone;

    CommandRun(JobRunner engine, CommandOutput output) {
        this.runner = new SharedRunner(engine);
        this.output = output;
    }

    void start(CommandHandler handler, String[] args, boolean stderrTty, String name) {
        Thread.ofPlatform().daemon().name("shmc-command-" + name).start(() -> {
            PrintStream out = new PrintStream(output.stream(false, () -> readerGone), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(output.stream(true, () -> readerGone), true, StandardCharsets.UTF_8);
            startedNanos = System.nanoTime();
            int code;
            try {
                code = handler.run(args, out, err, stderrTty, runner);
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
        runner.cancel();
    }

    /** The job it runs now, or null. */
    JobHandle current() {
        return runner.current();
    }
}
