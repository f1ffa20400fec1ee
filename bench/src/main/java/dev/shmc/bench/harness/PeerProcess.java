package dev.shmc.bench.harness;

import dev.shmc.engine.config.EngineConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer JVM of a benchmark (the other end of a socket, a pipe or a shared queue): this JVM's
 * java, classpath and shared flags, {@code -Dshmc.role=bench-peer}, its stdin and stdout as pipes
 * for the caller, its stderr copied to ours minus the JVM's incubator notice. Peers run
 * {@link PeerMain#startWatchdog()} and exit when this JVM dies; {@link #close} kills what is left.
 */
public final class PeerProcess implements AutoCloseable {
    private static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

    private final String name;
    private final Process process;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code main} with {@code args} in a new JVM with {@code -Xmx<heap>}. */
    public static PeerProcess start(String name, Class<?> main, String heap, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmFlags.java());
        cmd.addAll(JvmFlags.shared());
        cmd.add("-Xmx" + heap);
        cmd.addAll(EngineConfig.SERIAL_COLLECTOR); // the workers' collector and loop shape: their kernels' speed
        cmd.add("-XX:-UsePerfData");
        cmd.add("-Dshmc.role=bench-peer");
        for (String p : new String[] {"shmc.dir", "shmc.checks", "shmc.home"}) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).start();
            PeerProcess peer = new PeerProcess(name, p);
            peer.pumpStderr();
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start peer JVM " + name, e);
        }
    }

    public static PeerProcess start(String name, Class<?> main, String... args) {
        return start(name, main, "256m", List.of(), args);
    }

    private void pumpStderr() {
        Thread.ofPlatform().daemon().name("peer-" + name + "-err").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.equals(INCUBATOR_NOTICE)) {
                        System.err.println("peer " + name + ": " + line);
                    }
                }
            } catch (IOException ignored) {
                // the peer is gone
            }
        });
    }

    /** The peer's stdin. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The peer's stdout. */
    public InputStream stdout() {
        return process.getInputStream();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Reads one line the peer printed on stdout (a port number, "ready"), failing if it exits first. */
    public String readLine() {
        try {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = process.getInputStream().read()) != -1 && c != '\n') {
                b.append((char) c);
            }
            if (c == -1) {
                throw new IllegalStateException("peer " + name + " exited (" + exitText() + ") before printing a line");
            }
            return b.toString().strip();
        } catch (IOException e) {
            throw new UncheckedIOException("peer " + name + ": " + e.getMessage(), e);
        }
    }

    private String exitText() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? "code " + process.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Waits up to {@code seconds} for the peer to exit by itself; returns its exit code or -1. */
    public int awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Closes its stdin, waits a moment for it to exit, then kills it (SIGKILL) and waits until it is reaped. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (awaitExit(2) < 0 && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(10);
        }
    }

    @Override
    public String toString() {
        return "peer " + name + " [pid " + process.pid() + "]";
    }
}
