package dev.shmc.cli;

import dev.shmc.engine.api.JobHandle;
import java.io.PrintStream;

/**
 * A progress bar on stderr for work that takes longer than about a second. Shown only when stderr
 * is a terminal (the launcher tells us: {@code -Dshmc.stderrTty=true}) and not with --json.
 */
public final class Progress implements AutoCloseable {
    private static final long SHOW_AFTER_NANOS = 800_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final Thread thread;
    private volatile boolean done;
    private boolean drawn;

    private Progress(JobHandle handle, String label, PrintStream out) {
        this.out = out;
        long start = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name("shmc-progress").start(() -> {
            while (!done) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                long elapsed = System.nanoTime() - start;
                if (elapsed < SHOW_AFTER_NANOS || done) {
                    continue;
                }
                double p = handle.progress();
                int filled = (int) Math.round(p * WIDTH);
                double seconds = elapsed / 1e9;
                String eta = p > 0.01 ? String.format(" eta %.0fs", seconds * (1 - p) / p) : "";
                synchronized (this) {
                    if (!done) {
                        out.printf("\r%s [%s%s] %5.1f%% %.1fs%s   ", label, "#".repeat(filled), ".".repeat(WIDTH - filled), p * 100,
                                seconds, eta);
                        out.flush();
                        drawn = true;
                    }
                }
            }
        });
    }

    /** The stderr of a command the service runs for a thin client, and whether it is a terminal; null for this process's own. */
    private static final ThreadLocal<Terminal> TERMINAL = new ThreadLocal<>();

    record Terminal(PrintStream err, boolean tty) {
    }

    /** Runs {@code body} with bars going to {@code err}, drawn when {@code tty} (a command of a thin client, in the service). */
    static <T> T withTerminal(PrintStream err, boolean tty, java.util.function.Supplier<T> body) {
        TERMINAL.set(new Terminal(err, tty));
        try {
            return body.get();
        } finally {
            TERMINAL.remove();
        }
    }

    /** Starts a bar for {@code handle} if the conditions hold; otherwise returns null. */
    public static Progress start(JobHandle handle, String label, boolean json) {
        Terminal t = TERMINAL.get();
        boolean tty = t != null ? t.tty() : Boolean.getBoolean("shmc.stderrTty");
        if (json || !tty) {
            return null;
        }
        return new Progress(handle, label, t != null ? t.err() : System.err);
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
        synchronized (this) {
            if (drawn) {
                out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
                out.flush();
            }
        }
    }
}
