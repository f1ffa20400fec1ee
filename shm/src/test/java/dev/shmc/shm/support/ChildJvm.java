package dev.shmc.shm.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM started by {@link ChildJvms}: its PID, its captured stdout and stderr (one
 * stream, in order), waiting for its exit and killing it with SIGKILL.
 */
public final class ChildJvm {
    private final String description;
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread pump;

    ChildJvm(String description, Process process) {
        this.description = description;
        this.process = process;
        this.pump = Thread.ofPlatform().daemon().name("child-output-" + process.pid()).start(this::pumpOutput);
    }

    private void pumpOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("[output pump failed: ").append(e).append("]\n");
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's standard input (closing it is an end-of-input signal for some children). */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The process itself, for what this class does not wrap (SIGTERM, its descendants). */
    public Process process() {
        return process;
    }

    /** What the child printed so far (stdout and stderr interleaved). */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits until the child has printed a line equal to {@code line} (a child's "I am ready" signal). */
    public void awaitLine(String line) {
        awaitLine("'" + line + "'", line::equals);
    }

    /**
     * Waits until the child has printed a line starting with {@code prefix} (such as {@code "WORKERS "}
     * before the PIDs of the worker JVMs it started) and returns the first such line.
     */
    public String awaitLineStartingWith(String prefix) {
        return awaitLine("a line starting with '" + prefix + "'", l -> l.startsWith(prefix));
    }

    private String awaitLine(String what, Predicate<String> wanted) {
        Await.await(this + " to print " + what, () -> output().lines().anyMatch(wanted) || !process.isAlive() && outputComplete());
        return output().lines().filter(wanted).findFirst().orElseThrow(
                () -> new AssertionError(this + " exited with " + process.exitValue() + " before printing " + what + "\n" + report()));
    }

    private boolean outputComplete() {
        return !pump.isAlive();
    }

    /** Waits up to {@code deadline} for the child to exit; returns its exit code. */
    public int awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(this + " did not exit within " + deadline + "\n" + report());
            }
            pump.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + this, e);
        }
        return process.exitValue();
    }

    /** Waits (generously) for the child to exit with status 0, failing with its output otherwise. */
    public void assertExitsNormally() {
        int status = awaitExit(Await.LONG_ENOUGH);
        if (status != 0) {
            throw new AssertionError(this + " exited with " + status + "\n" + report());
        }
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux) and waits until it
     * is reaped, so that its PID is really gone when this returns.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(this + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted killing " + this, e);
        }
    }

    /** The child's description, PID, state and output, for failure messages. */
    public String report() {
        String state = process.isAlive() ? "alive" : "exit " + process.exitValue();
        return "---- " + this + " (" + state + ") output:\n" + output() + "---- end of " + this;
    }

    @Override
    public String toString() {
        return "child " + description + " [pid " + process.pid() + "]";
    }
}
