package dev.shmc.cli;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.jobs.CounterKernel.Sync;
import dev.shmc.engine.jobs.CounterKernel;
import dev.shmc.engine.jobs.CounterRegionDescriptor;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedCounter;
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
        "filelock: the counter read and written in the region's file under an OS file lock. All but none are exact.",
        "A worker that dies mid-run fails the run (exit 1): its increments cannot be told from the others'."})
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

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() {
        Jobs.positive("--increments", increments, MAX_INCREMENTS);
        Sync s;
        try {
            s = Sync.of(sync);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--sync must be none, atomic, lock or filelock, got '" + sync + "'");
        }
        engine.validate();
        service.validate();
        String name = "counter-" + Processes.selfPid() + "-" + RUNS.incrementAndGet();
        // the counter lives in a region (the filelock sync too, in the same file): a run killed
        // midway leaves a stale region that the next run or 'shmc clean' removes, nothing else
        try (SharedRegion region = SharedRegion.create(name, RegionDescriptor.KIND_SYNC, CounterRegionDescriptor.LENGTH);
             JobRunner e = service.start(engine, JobStore.NONE, null)) {
            JobResult r = Jobs.run(e, CounterKernel.spec(s, increments, name), "counter", engine.json());
            long actual = new SharedCounter(region.payload(), CounterRegionDescriptor.COUNTER_OFFSET).getVolatile();
            JobReport report = new JobReport(e, r);
            print(report, e, r, s, actual);
            if (!report.succeeded()) {
                return Main.FAILURE;
            }
            if (s != Sync.NONE && actual != increments) {
                // exit 0 means exact: an exact sync that lost or repeated increments is a failure, whatever caused it
                err().printf("shmc: the count is off by %,d (%,d instead of %,d) although --sync %s is exact; this is a bug%n",
                        actual - increments, actual, increments, s.name().toLowerCase(Locale.ROOT));
                return Main.FAILURE;
            }
            return Main.OK;
        }
    }

    private void print(JobReport report, JobRunner e, JobResult r, Sync s, long actual) {
        long expected = increments;
        long lost = expected - actual;
        double seconds = r.seconds();
        String syncName = s.name().toLowerCase(Locale.ROOT);
        if (engine.json()) {
            out().println(report.json(j -> j.put("sync", syncName).put("expected", expected).put("actual", actual).put("lost", lost)
                    .put("opsPerSecond", expected / seconds)));
        } else {
            out().printf("counter with --sync %s, %d worker(s) (%s): expected %,d, actual %,d, lost %,d (%.2f%%)%n", syncName,
                    e.workers(), report.mode(), expected, actual, lost, expected == 0 ? 0.0 : 100.0 * lost / expected);
            out().printf("%.3f s, %.2f M increments/s%n", seconds, expected / seconds / 1e6);
            report.printText(out());
        }
    }
}
