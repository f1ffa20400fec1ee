package dev.shmc.bench.harness;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on stderr: {@code [  12.3s] ipc: tcp rep 2/3 ...}. */
public final class Progress {
    private final PrintStream err;
    private final long start = System.nanoTime();
    private final boolean quiet;

    public Progress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    public void line(String suite, String text) {
        if (!quiet) {
            err.printf(Locale.ROOT, "[%7.1fs] %s: %s%n", (System.nanoTime() - start) / 1e9, suite, text);
            err.flush();
        }
    }

    public void warn(String suite, String text) {
        err.printf(Locale.ROOT, "[%7.1fs] %s: warning: %s%n", (System.nanoTime() - start) / 1e9, suite, text);
        err.flush();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
