package dev.shmc.engine.service;

import dev.shmc.engine.api.JobRunner;
import java.io.PrintStream;

/**
 * Runs a command line that a thin client ({@link CommandClient}) handed to the service, in the
 * service's JVM: the CLI's own code, with the client's output streams and the service's engine.
 */
@FunctionalInterface
public interface CommandHandler {
    /**
     * Runs {@code args} and returns its exit code; its jobs go to {@code runner} (the service's
     * engine: a client's Ctrl-C or death cancels them through it), its output to {@code out} and
     * {@code err}; {@code stderrTty} says whether the client's stderr is a terminal (progress bars).
     */
    int run(String[] args, PrintStream out, PrintStream err, boolean stderrTty, JobRunner runner);
}
