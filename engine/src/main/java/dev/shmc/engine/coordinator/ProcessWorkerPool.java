package dev.shmc.engine.coordinator;

import static dev.shmc.engine.control.ControlDescriptor.*;

import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.worker.WorkerMain;
import dev.shmc.shm.JvmFlags;
import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.Regions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Workers as separate JVMs started with ProcessBuilder: the coordinator's java, classpath and
 * shared JVM flags, the engine's worker options and then the user's ({@link WorkerJvmOptions}),
 * {@code -Dshmc.role=worker} on the command line so operators can find them, and
 * the engine's secret on their standard input (the one channel other users cannot read). Their
 * stdout and stderr are pumped to the coordinator's stderr, minus the JVM's fixed incubator-module
 * notice.
 */
final class ProcessWorkerPool implements WorkerPool {
    /** The one line every JVM using the Vector API prints at start; nothing can switch it off. */
    static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

    private final ControlRegion ctl;
    private final Process[] processes;
    private final List<String> command;
    private final byte[] secretLine;

    ProcessWorkerPool(ControlRegion ctl, byte[] secret, List<String> userOptions) {
        this.ctl = ctl;
        this.processes = new Process[ctl.workers()];
        this.command = baseCommand(ctl.path(), userOptions);
        this.secretLine = (HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    static List<String> baseCommand(Path controlPath) {
        return baseCommand(controlPath, List.of());
    }

    /** A worker's command line without its index; {@code userOptions} were checked by {@link WorkerJvmOptions#checked}. */
    static List<String> baseCommand(Path controlPath, List<String> userOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmFlags.required());
        boolean ownCollector = WorkerJvmOptions.choosesCollector(userOptions);
        for (String option : EngineConfig.WORKER_JVM_OPTIONS) {
            // two collectors on one command line stop the JVM: the user's choice replaces the default
            if (!(ownCollector && WorkerJvmOptions.choosesCollector(List.of(option)))) {
                cmd.add(option);
            }
        }
        cmd.addAll(EngineConfig.classDataOptions());
        cmd.addAll(userOptions); // after the defaults: the last -Xmx wins
        cmd.add("-Dshmc.role=worker");
        if (!Regions.isConfigured()) {
            // the directory this coordinator resolved, so that a worker never resolves another one
            cmd.add("-D" + ShmConfig.RESOLVED_DIRECTORY_PROPERTY + "=" + Regions.directory());
        }
        // Workers see the coordinator's shmc.* settings (directory, checks, tunables), not its role.
        for (String p : System.getProperties().stringPropertyNames().stream().sorted().toList()) {
            if (p.startsWith("shmc.") && !p.equals("shmc.role") && !p.equals("shmc.stderrTty")) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerMain.class.getName());
        cmd.add(controlPath.toString());
        return cmd;
    }

    @Override
    public void start() {
        for (int i = 0; i < processes.length; i++) {
            launch(i);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EngineConfig.WORKER_START_TIMEOUT_MS);
        for (int i = 0; i < processes.length; i++) {
            int failures = 0;
            while (ctl.workerWord(i, W_STATE) != WORKER_READY) {
                if (!processes[i].isAlive()) {
                    // started again a few times (it may have been killed from outside), then given up
                    String how = "worker JVM " + i + " (pid " + processes[i].pid() + ") " + describeExit(processes[i].pid(), processes[i].exitValue());
                    if (++failures >= EngineConfig.MAX_START_FAILURES) {
                        throw new IllegalStateException(how + " during start-up, " + failures + " times in a row");
                    }
                    launch(i);
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("worker JVM " + i + " did not start within " + EngineConfig.WORKER_START_TIMEOUT_MS + " ms");
                }
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting workers");
                }
            }
        }
    }

    private void launch(int index) {
        ctl.setWorkerWord(index, W_STATE, WORKER_ABSENT);
        List<String> cmd = new ArrayList<>(command);
        cmd.add(Integer.toString(index));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            processes[index] = p;
            pump(p.getInputStream(), System.err, "shmc-worker-" + index + "-out");
            try (var in = p.getOutputStream()) {
                in.write(secretLine);
            } catch (IOException died) {
                // it died at once: the monitor sees it and says how
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker JVM " + index + ": " + e.getMessage(), e);
        }
    }

    private static void pump(InputStream in, PrintStream out, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.equals(INCUBATOR_NOTICE)) {
                        out.println(line);
                    }
                }
            } catch (IOException ignored) {
                // the worker is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public boolean isAlive(int index) {
        return processes[index] != null && processes[index].isAlive();
    }

    @Override
    public void replace(int index) {
        Process old = processes[index];
        if (old != null && old.isAlive()) {
            old.destroyForcibly();
        }
        launch(index);
    }

    /** Kills worker {@code index}'s JVM (SIGKILL); the monitor then sees it dead and replaces it. */
    void kill(int index) {
        Process p = processes[index];
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /**
     * How a worker JVM ended, for a message: its exit code, or the signal that killed it and what
     * usually sends that signal.
     */
    static String describeExit(long pid, int code) {
        Path crashReport = EngineConfig.workerCrashReport(pid);
        String report = Files.exists(crashReport) ? "; the JVM's crash report is " + crashReport : "";
        if (code > 128 && code <= 128 + 64) {
            int signal = code - 128;
            String name = switch (signal) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 6 -> "SIGABRT";
                case 9 -> "SIGKILL";
                case 11 -> "SIGSEGV";
                case 15 -> "SIGTERM";
                default -> "signal " + signal;
            };
            String why = switch (signal) {
                case 9 -> " (the kernel's out-of-memory killer is the usual sender: see dmesg; or a kill -9)";
                case 6, 11 -> " (a crash, usually in native code)";
                default -> "";
            };
            return "was killed by signal " + signal + " (" + name + ")" + why + report;
        }
        return "exited with code " + code + (code == 0 ? " (a System.exit in a kernel or a library?)" : "") + report;
    }

    @Override
    public long pid(int index) {
        return processes[index] == null ? 0 : processes[index].pid();
    }

    Process process(int index) {
        return processes[index];
    }

    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EngineConfig.WORKER_EXIT_TIMEOUT_MS);
        for (Process p : processes) {
            if (p == null) {
                continue;
            }
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
