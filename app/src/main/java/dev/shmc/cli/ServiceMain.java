package dev.shmc.cli;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.PiJobKernel;
import dev.shmc.engine.jobs.PrimeCountKernel;
import dev.shmc.engine.jobs.TrialDivisionKernel;
import dev.shmc.engine.service.ServiceAdmin;
import dev.shmc.engine.service.ServiceHost;
import dev.shmc.engine.service.SharedRunner;
import dev.shmc.registry.BackgroundJobStore;
import dev.shmc.registry.ChronicleJobStore;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.Regions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The resident service's process, started by {@code shmc service start}: one engine (worker JVMs
 * that stay warm) recording in the job registry, and a {@link ServiceHost} that runs every
 * client's jobs on it until {@code shmc service stop} (or SIGTERM, which cancels the jobs). Its
 * standard output and error are the service log; it removes the log when it stops cleanly.
 *
 * <p>Arguments: {@code --workers W --mode processes|threads --log FILE}.
 */
public final class ServiceMain {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /**
     * Whether the service runs each built-in kernel a few times before it is ready
     * ({@code shmc.serviceWarmUp}, default true): the worker JVMs then have the hot loops compiled,
     * and the first job of each kind runs at full speed (a fresh worker interprets them first).
     */
    static final boolean WARM_UP = Boolean.parseBoolean(System.getProperty("shmc.serviceWarmUp", "true"));

    private ServiceMain() {
    }

    /** Runs small jobs of the built-in kernels: Monte Carlo (both kernels), the sieve, trial division. */
    private static void warmUp(Engine engine) {
        List<JobSpec> specs = List.of(PiJobKernel.spec(20_000_000, 1, "vector"), PiJobKernel.spec(5_000_000, 1, "scalar"),
                PrimeCountKernel.spec(0, 300_000_000, 0), TrialDivisionKernel.spec(1_000_000_007L, 0));
        for (int round = 0; round < 3; round++) {
            for (JobSpec s : specs) {
                engine.run(s);
            }
        }
        // and the CLI's own path, as a thin client's command lines take it (output dropped)
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        for (String[] line : WARM_UP_COMMANDS) {
            for (int round = 0; round < 3; round++) {
                Main.executeInService(line, none, none, false, new SharedRunner(engine));
            }
        }
    }

    /** Command lines the warm-up runs in the service, as thin clients would hand them over. */
    private static final String[][] WARM_UP_COMMANDS = {
            {"pi", "--samples", "1e6", "--seed", "1"}, {"pi", "--samples", "1e6", "--seed", "1", "--json"},
            {"primes", "--to", "1e6"}, {"is-prime", "1000000000000037", "--method", "trial"}, {"is-prime", "97"}};

    /** The registry, without the jobs started while the service warms up ({@link #warmedUp} ends that). */
    private static final class WarmUpFilter implements JobStore {
        private final JobStore store;
        private final Set<String> warmUps = ConcurrentHashMap.newKeySet();
        private volatile boolean warming = true;

        /** From now on jobs are recorded (the service is about to take clients' jobs). */
        void warmedUp() {
            warming = false;
        }

        WarmUpFilter(JobStore store) {
            this.store = store;
        }

        @Override
        public void started(JobRecord job) {
            if (warming) {
                warmUps.add(job.id());
            } else {
                store.started(job);
            }
        }

        @Override
        public void chunkDone(String jobId, long chunk, long[] words) {
            if (!warmUps.contains(jobId)) {
                store.chunkDone(jobId, chunk, words);
            }
        }

        @Override
        public Map<Long, long[]> finishedChunks(String jobId) {
            return warmUps.contains(jobId) ? Map.of() : store.finishedChunks(jobId);
        }

        @Override
        public void finished(String jobId, JobStatus status, long chunksDone, String result, long finishedAtMillis) {
            if (!warmUps.remove(jobId)) {
                store.finished(jobId, status, chunksDone, result, finishedAtMillis);
            }
        }

        @Override
        public Optional<JobRecord> find(String jobId) {
            return store.find(jobId);
        }

        @Override
        public List<JobRecord> list() {
            return store.list();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int workers = Runtime.getRuntime().availableProcessors();
        Mode mode = Mode.PROCESSES;
        Path logFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--mode" -> mode = Mode.valueOf(args[i + 1].toUpperCase());
                case "--log" -> logFile = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        PrintStream out = System.out;
        Path dir = Regions.ensureDirectory(Regions.directory());
        if (ServiceAdmin.status(dir).isPresent()) {
            log(out, "a shmc service already runs in " + dir + "; this one stops");
            System.exit(3);
        }
        // the registry opens (a second or so of class loading) while the workers start
        WarmUpFilter store = new WarmUpFilter(new BackgroundJobStore(() -> ChronicleJobStore.open(w -> log(out, "warning: " + w)),
                w -> log(out, "warning: " + w)));
        Engine engine;
        try {
            engine = Engine.builder().workers(workers).mode(mode).jobStore(store).onEvent(e -> log(out, e)).build();
        } catch (RuntimeException e) {
            log(out, "cannot start the workers: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (WARM_UP) {
            long t0 = System.nanoTime();
            warmUp(engine);
            log(out, String.format("workers warmed up in %.2f s", (System.nanoTime() - t0) / 1e9));
        }
        store.warmedUp(); // before clients come: their jobs are recorded
        String control = engine.controlPath().getFileName().toString();
        control = control.substring(0, control.length() - RegionDescriptor.FILE_SUFFIX.length());
        ServiceHost host;
        try {
            host = ServiceHost.open(dir, engine, control, line -> log(out, line), Main::executeInService);
        } catch (RuntimeException e) {
            log(out, "cannot open the service region: " + e.getMessage());
            engine.close();
            System.exit(3);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM, SIGINT, SIGHUP: cancel the jobs (their clients get one line each), then go
        Thread hook = new Thread(() -> {
            host.requestStop(true);
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // going anyway
            }
        }, "shmc-service-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log(out, "service pid " + ProcessHandle.current().pid() + " ready: " + engine.workers() + " worker(s) ("
                + engine.mode().name().toLowerCase() + ") started in " + String.format("%.2f", engine.startupSeconds()) + " s, directory " + dir);
        try {
            host.run();
        } finally {
            host.close();
            engine.close();
            log(out, "service stopped");
            if (logFile != null) {
                Files.deleteIfExists(logFile);
            }
            stopped.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return;
        }
        System.exit(0);
    }

    private static void log(PrintStream out, String line) {
        out.println(LocalDateTime.now().format(TIME) + " " + line);
        out.flush();
    }
}
