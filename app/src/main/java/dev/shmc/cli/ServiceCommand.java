package dev.shmc.cli;

import dev.shmc.engine.config.StateDirectory;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.service.ServiceAdmin;
import dev.shmc.shm.JvmFlags;
import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.region.SharedRegion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shmc service start|status|stop}: the resident worker pool of this user and host (of its
 * region directory), which every job command and {@code Engine.connect()} use while it runs.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        subcommands = {ServiceCommand.Start.class, ServiceCommand.Status.class, ServiceCommand.Stop.class},
        description = {"The resident worker pool of this user and host: start it once, and every job command (pi, primes, is-prime, array,",
                "counter) and every program that calls Engine.connect() runs its jobs on its warm worker JVMs, queued first come, first served.",
                "Without it, each command starts workers of its own (see --service on the job commands)."})
public final class ServiceCommand implements Runnable {
    /** Longest wait for a starting service to become ready. */
    static final long START_TIMEOUT_MS = 120_000;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path directory() {
        return Regions.directory();
    }

    /** The service log's path in the state directory. */
    static Path logFile() {
        Path state = StateDirectory.resolve();
        StateDirectory.ensure(state);
        return state.resolve("service.log");
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the service and return when its workers are ready.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--workers", paramLabel = "W", description = "Workers (default: number of cores, ${sys:shmc.cores}).")
        Integer workers;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "processes", description = "processes (worker JVMs, default) or threads.")
        String mode;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int w = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
            if (w < 1 || w > 256) {
                throw new BadInputException("--workers must be between 1 and 256, got " + w);
            }
            String m = switch (mode.toLowerCase(Locale.ROOT)) {
                case "processes", "process", "p" -> "processes";
                case "threads", "thread", "t" -> "threads";
                default -> throw new BadInputException("--mode must be processes or threads, got '" + mode + "'");
            };
            Path dir = Regions.ensureDirectory(directory());
            Optional<ServiceAdmin.Status> running = ServiceAdmin.status(dir);
            if (running.isPresent()) {
                ServiceAdmin.Status s = running.get();
                err.println("shmc: a shmc service already runs here (pid " + s.pid() + ", " + s.workers() + " worker(s), "
                        + s.mode().name().toLowerCase(Locale.ROOT) + "); stop it first with 'shmc service stop'");
                return 1;
            }
            List<Regions.RegionInfo> reclaimed = Regions.reclaimStale(dir);
            for (Regions.RegionInfo r : reclaimed) {
                out.println("reclaimed " + r.name() + " (" + RegionDescriptor.kindName(r.kind()) + ", left by pid " + r.creatorPid() + ", gone)");
            }
            Path log = logFile();
            List<String> cmd = command(w, m, log);
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000L;
            while (true) {
                Optional<ServiceAdmin.Status> s = ServiceAdmin.status(dir);
                if (s.isPresent() && s.get().state().equals("ready")) {
                    out.printf("shmc service started: pid %d, %d worker(s) (%s), ready in %.2f s%n", s.get().pid(), s.get().workers(),
                            s.get().mode().name().toLowerCase(Locale.ROOT), (System.nanoTime() - t0) / 1e9);
                    out.println("jobs of every shmc command and of Engine.connect() run on it; stop it with 'shmc service stop'");
                    return 0;
                }
                if (!p.isAlive()) {
                    err.println("shmc: the service did not start (exit " + p.exitValue() + "): " + lastLines(log));
                    Regions.reclaimStale(dir);
                    return 1;
                }
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    err.println("shmc: the service did not become ready within " + START_TIMEOUT_MS / 1000 + " s; log " + log);
                    return 1;
                }
                Thread.sleep(5);
            }
        }

        /** The service JVM's command line: this JVM's java, flags, start-up cache and classpath. */
        private static List<String> command(int workers, String mode, Path log) {
            List<String> cmd = new ArrayList<>();
            Path setsid = Path.of("/usr/bin/setsid");
            if (Files.isExecutable(setsid)) {
                cmd.add(setsid.toString()); // its own session: closing the terminal does not stop it
            }
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String argsFile = System.getProperty("shmc.jvmArgsFile");
            if (argsFile != null && Files.isRegularFile(Path.of(argsFile))) {
                cmd.add("@" + argsFile);
            } else {
                cmd.addAll(JvmFlags.required());
            }
            String aot = System.getProperty("shmc.aotCache");
            if (aot != null && Files.isRegularFile(Path.of(aot))) {
                cmd.add("-XX:AOTCache=" + aot);
                cmd.add("-Xlog:aot*=off");
                cmd.add("-Xlog:cds*=off");
            }
            if (!Regions.isConfigured()) {
                cmd.add("-D" + ShmConfig.RESOLVED_DIRECTORY_PROPERTY + "=" + Regions.directory());
            }
            for (String p : System.getProperties().stringPropertyNames().stream().sorted().toList()) {
                if (p.startsWith("shmc.") && !p.equals("shmc.stderrTty") && !p.equals("shmc.role")) {
                    cmd.add("-D" + p + "=" + System.getProperty(p));
                }
            }
            cmd.add("-Dshmc.role=service");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(ServiceMain.class.getName());
            cmd.addAll(List.of("--workers", Integer.toString(workers), "--mode", mode, "--log", log.toString()));
            return cmd;
        }

        private static String lastLines(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                return lines.isEmpty() ? "(no output)" : String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the service: its workers, and the jobs queued and running (with their clients).")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = directory();
            Optional<ServiceAdmin.Status> found = ServiceAdmin.status(dir);
            if (found.isEmpty()) {
                if (json) {
                    out.println(new Json().put("running", false).put("directory", dir.toString()));
                } else {
                    out.println("no shmc service runs for this user in " + dir + " (start one with 'shmc service start')");
                }
                return 3;
            }
            ServiceAdmin.Status s = found.get();
            List<ControlRegion.WorkerStatus> workers = workers(dir, s.controlName());
            if (json) {
                List<Map<String, Object>> w = new ArrayList<>();
                for (ControlRegion.WorkerStatus ws : workers) {
                    w.add(Map.of("index", ws.index(), "pid", ws.pid(), "state", ws.state(), "chunks", ws.chunks()));
                }
                List<Map<String, Object>> jobs = new ArrayList<>();
                for (ServiceAdmin.Job j : s.jobs()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("job", j.id());
                    m.put("label", j.label());
                    m.put("state", j.state());
                    m.put("progress", j.progress());
                    m.put("clientPid", j.clientPid());
                    jobs.add(m);
                }
                out.println(new Json().put("running", true).put("pid", s.pid()).put("state", s.state()).put("workers", s.workers())
                        .put("mode", s.mode().name().toLowerCase(Locale.ROOT)).put("uptimeSeconds", (System.currentTimeMillis() - s.startMillis()) / 1000.0)
                        .put("jobsFinished", s.jobsFinished()).put("directory", dir.toString()).put("workerSlots", w).put("jobs", jobs));
                return 0;
            }
            out.printf("shmc service pid %d: %s, up %s, %d worker(s) (%s), %d job(s) finished; directory %s%n", s.pid(), s.state(),
                    uptime(System.currentTimeMillis() - s.startMillis()), s.workers(), s.mode().name().toLowerCase(Locale.ROOT), s.jobsFinished(), dir);
            for (ControlRegion.WorkerStatus ws : workers) {
                out.printf("  worker %d: pid %d, %s, %,d chunks%n", ws.index(), ws.pid(), ws.state(), ws.chunks());
            }
            if (s.jobs().isEmpty()) {
                out.println("no jobs queued or running");
            }
            for (ServiceAdmin.Job j : s.jobs()) {
                out.printf("  %-8s %s  %-24s %5.1f%%  client pid %d%n", j.state(), j.id(), j.label(), 100 * j.progress(), j.clientPid());
            }
            return 0;
        }

        private static List<ControlRegion.WorkerStatus> workers(Path dir, String controlName) {
            try (SharedRegion ctl = SharedRegion.attach(dir.resolve(controlName + RegionDescriptor.FILE_SUFFIX), true)) {
                return ControlRegion.status(ctl).workerSlots();
            } catch (RuntimeException e) {
                return List.of();
            }
        }

        private static String uptime(long ms) {
            long s = ms / 1000;
            return s >= 3600 ? s / 3600 + "h " + s % 3600 / 60 + "m" : s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the service: after its queued and running jobs (or, with --cancel, cancelling them); its workers and files go with it.")
    static final class Stop implements Callable<Integer> {
        /** How long a stop with --cancel waits before the service is killed. */
        static final long CANCEL_TIMEOUT_MS = 30_000;

        @Spec
        CommandSpec spec;

        @Option(names = "--cancel", description = "Cancel the queued and running jobs instead of waiting for them (their clients report them cancelled).")
        boolean cancel;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = directory();
            Optional<ServiceAdmin.Status> before = ServiceAdmin.status(dir);
            Optional<Long> pid = ServiceAdmin.requestStop(dir, cancel);
            if (pid.isEmpty()) {
                List<Regions.RegionInfo> reclaimed = Regions.reclaimStale(dir);
                out.println("no shmc service runs for this user in " + dir
                        + (reclaimed.isEmpty() ? "" : "; removed " + reclaimed.size() + " region(s) a dead one left"));
                return 0;
            }
            int jobs = before.map(s -> s.jobs().size()).orElse(0);
            if (jobs > 0) {
                out.println(cancel ? "cancelling " + jobs + " job(s)..." : "waiting for " + jobs + " queued or running job(s) to finish (--cancel to cancel them)...");
                out.flush();
            }
            long deadline = cancel ? System.nanoTime() + CANCEL_TIMEOUT_MS * 1_000_000L : Long.MAX_VALUE;
            Optional<ProcessHandle> handle = ProcessHandle.of(pid.get());
            while (handle.isPresent() && handle.get().isAlive()) {
                if (System.nanoTime() > deadline) {
                    handle.get().destroyForcibly();
                    out.println("the service did not stop within " + CANCEL_TIMEOUT_MS / 1000 + " s: killed it");
                    handle.get().onExit().join();
                    break;
                }
                Thread.sleep(10);
            }
            List<Regions.RegionInfo> reclaimed = Regions.reclaimStale(dir);
            out.println("shmc service pid " + pid.get() + " stopped" + before.map(s -> " after " + s.jobsFinished() + " job(s)").orElse("")
                    + (reclaimed.isEmpty() ? "" : "; removed " + reclaimed.size() + " region(s) it left"));
            return 0;
        }
    }
}
