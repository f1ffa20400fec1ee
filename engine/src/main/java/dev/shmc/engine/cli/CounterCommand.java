package dev.shmc.engine.cli;

import dev.shmc.engine.api.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.coordinator.JobStore;
import dev.shmc.engine.kernels.CounterKernel;
import dev.shmc.engine.kernels.CounterKernel.Sync;
import dev.shmc.engine.kernels.CounterRegionDescriptor;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shmc counter}: several workers increment one shared counter, with or without synchronisation. */
@Command(name = "counter", mixinStandardHelpOptions = true, description = {
        "Workers increment one counter M times in total and the final count is checked against M.",
        "--sync none: a plain read-modify-write in shared memory (concurrent workers lose updates);",
        "atomic: a locked add (getAndAdd); lock: the shm SharedLock around the update;",
        "filelock: a counter in a file, updated under an OS file lock. All but none are exact."})
public final class CounterCommand extends ShmcCommand implements Callable<Integer> {
    /** Largest increment count accepted (hours of work with the slowest sync). */
    static final long MAX_INCREMENTS = 1_000_000_000_000L;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Option(names = "--increments", paramLabel = "M", defaultValue = "10000000",
            description = "Increments in total, shared out among the workers (default ${DEFAULT-VALUE}).")
    long increments;

    @Option(names = "--sync", paramLabel = "S", defaultValue = "atomic", description = "none, atomic (default), lock or filelock.")
    String sync;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        Jobs.positive("--increments", increments, MAX_INCREMENTS);
        Sync s;
        try {
            s = Sync.of(sync);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--sync must be none, atomic, lock or filelock, got '" + sync + "'");
        }
        engine.workers();
        engine.mode();
        String name = "counter-" + Processes.selfPid() + "-" + RUNS.incrementAndGet();
        Path file = null;
        try (SharedRegion region = SharedRegion.create(name, RegionDescriptor.KIND_SYNC, CounterRegionDescriptor.LENGTH)) {
            if (s == Sync.FILELOCK) {
                file = region.path().resolveSibling(name + ".count");
                createCounterFile(file);
            }
            try (Engine e = engine.start(JobStore.NONE)) {
                JobResult r = Jobs.run(e, CounterKernel.spec(s, increments, name, file), "counter", engine.json());
                long actual = s == Sync.FILELOCK ? CounterKernel.readFile(file)
                        : new SharedCounter(region.payload(), CounterRegionDescriptor.COUNTER_OFFSET).getVolatile();
                report(e, r, s, actual);
                return r.status() == JobStatus.COMPLETED ? Main.OK : Main.FAILURE;
            }
        } finally {
            if (file != null) {
                deleteQuietly(file);
            }
        }
    }

    private void report(Engine e, JobResult r, Sync s, long actual) {
        long expected = increments;
        long lost = expected - actual;
        double seconds = r.seconds();
        String syncName = s.name().toLowerCase(Locale.ROOT);
        String mode = e.mode().name().toLowerCase(Locale.ROOT);
        if (engine.json()) {
            out().println(new Json().put("sync", syncName).put("workers", e.workers()).put("mode", mode).put("expected", expected)
                    .put("actual", actual).put("lost", lost).put("seconds", seconds).put("opsPerSecond", expected / seconds)
                    .put("startupSeconds", e.startupSeconds()));
        } else {
            out().printf("counter with --sync %s, %d worker(s) (%s): expected %,d, actual %,d, lost %,d (%.2f%%)%n", syncName,
                    e.workers(), mode, expected, actual, lost, expected == 0 ? 0.0 : 100.0 * lost / expected);
            out().printf("%.3f s, %.2f M increments/s%n", seconds, expected / seconds / 1e6);
        }
    }

    private static void createCounterFile(Path file) {
        try {
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    new byte[Long.BYTES]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create counter file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort
        }
        dev.shmc.shm.region.Regions.removeDefaultDirectoryIfEmpty();
    }
}
