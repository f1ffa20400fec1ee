package dev.shmc.cli;

import dev.shmc.cli.array.ArrayOps;
import dev.shmc.cli.array.FreeSpace;
import dev.shmc.cli.array.MemoryReport;
import dev.shmc.cli.array.Operand;
import dev.shmc.cli.array.Operands;
import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Schedule;
import dev.shmc.engine.jobs.ArrayFillKernel.Fill;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shmc array}: one big double array in shared memory, filled by the workers in place, then
 * reduced and mapped by them in place; no process ever holds a copy, which the memory report shows.
 * This class is the command's plumbing (its options, their checks, the report); the arrays' life,
 * their jobs, the exact answers, the space check and the memory figures are in {@code cli.array}
 * and {@code cli.proc}.
 */
@Command(name = "array", mixinStandardHelpOptions = true, description = {
        "Fill a shared array of N doubles in place with the workers, then reduce and map it without copying.",
        "Creates a named shared array (or attaches to a kept one), has the workers fill their parts in place,",
        "then runs parallel reductions (sum, min, max, mean, dot) and maps (scale: x = alpha x; axpy: y = alpha x + y) over it",
        "without copying. dot and axpy use a second array NAME-y of the same length (index fill: y[i] = N-1-i).",
        "Prints results, timings (GB/s) and the memory of the coordinator and each worker from /proc: anonymous (private)",
        "memory stays small while the array's pages are shared memory (shmem), counted once in the sum of Pss over processes.",
        "Sums are compensated and bit-identical with any number of workers."})
public final class ArrayCommand extends ShmcCommand implements Callable<Integer> {
    /** Largest array accepted (8 TiB); the free memory is checked too. */
    static final long MAX_DOUBLES = 1L << 40;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Option(names = "--doubles", paramLabel = "N", description = "Elements of a new array (8e8 = 6.4 GB).")
    Long doubles;

    @Option(names = "--fill", paramLabel = "F", description = "index (a[i] = i, the default for a new array) or random (uniform in [0, 1) from --seed).")
    String fill;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random fill; without it a fresh one is drawn and printed.")
    Long seed;

    @Option(names = "--ops", paramLabel = "OPS", split = ",", defaultValue = "sum,min,max,mean",
            description = "Comma-separated, run in order: sum, min, max, mean, dot, scale, axpy (default ${DEFAULT-VALUE}).")
    List<String> ops;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "2.0", description = "The factor of scale and axpy (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "1",
            description = "Run each reduction R times and report the best (and the first) time, like the C anchor (default ${DEFAULT-VALUE}).")
    long repeat;

    @Option(names = "--schedule", paramLabel = "S", defaultValue = "static", description = {
            "static (default): worker w always takes chunks w, w+W, ...: it fills and reads the same pages, so no process",
            "maps a page twice and smaps shows them as Private (to one process); dynamic: a shared cursor, so workers read",
            "each other's chunks and smaps shows the pages as Shared."})
    String schedule;

    @Option(names = "--keep", paramLabel = "NAME", description = "Name the new array NAME and keep it after the run (for --attach NAME).")
    String keep;

    @Option(names = "--attach", paramLabel = "NAME", description = "Work on the kept array NAME instead of creating one (filled only if --fill is given).")
    String attach;

    @Mixin
    EngineOptions engine;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() {
        if (doubles == null && attach == null) {
            throw new BadInputException("give --doubles N to create an array, or --attach NAME to use a kept one");
        }
        if (keep != null && attach != null) {
            throw new BadInputException("--keep names a new array and --attach an existing one: give one of them");
        }
        if (doubles != null) {
            Jobs.positive("--doubles", doubles, MAX_DOUBLES);
        }
        Jobs.positive("--repeat", repeat, 1000);
        Schedule sched = Jobs.schedule(schedule);
        if (keep != null) {
            Regions.validateName(keep);
            Regions.validateName(keep + "-y");
        }
        Fill fillKind = fill == null ? (attach == null ? Fill.INDEX : null) : parseFill(fill);
        List<String> opList = parseOps(ops);
        boolean needY = opList.contains("dot") || opList.contains("axpy");
        engine.validate();
        service.validate();
        long s = seed != null ? seed : new SecureRandom().nextLong() >>> 1;

        String name = attach != null ? attach : keep != null ? keep : "array-" + Processes.selfPid() + "-" + RUNS.incrementAndGet();
        String yName = name + "-y";
        try (Operands arrays = new Operands()) {
            Operand x;
            long n;
            if (attach != null) {
                x = arrays.attach(attach);
                n = x.array().length();
                if (doubles != null && doubles != n) {
                    throw new BadInputException("--doubles " + doubles + " does not match array " + attach + " (" + n + " doubles)");
                }
                checkSpace(needY && !Operands.exists(yName) ? n : 0);
            } else {
                n = doubles;
                checkSpace(needY ? 2 * n : n);
                x = arrays.create(name, n);
            }
            Operand y = null;
            if (needY) {
                y = attach != null && Operands.exists(yName) ? arrays.attach(yName) : arrays.create(yName, n);
                if (y.array().length() != n) {
                    throw new BadInputException("array " + yName + " has " + y.array().length() + " doubles, " + name + " has " + n);
                }
            }
            if (keep != null) {
                arrays.keep();
            }
            return run(x, y, n, fillKind, opList, s, sched);
        }
    }

    private int run(Operand x, Operand y, long n, Fill fillKind, List<String> opList, long seed, Schedule sched) {
        Json json = new Json();
        PrintWriter text = engine.json() ? null : out();
        ArrayOps jobs;
        try (JobRunner e = service.start(engine, JobStore.NONE, null)) {
            json.put("array", x.name()).put("doubles", n).put("bytes", n * 8).put("directory", directoryOf(x).toString())
                    .put("created", x.created()).put("kept", keep != null || !x.created()).put("workers", e.workers())
                    .put("mode", e.mode().name().toLowerCase(Locale.ROOT)).put("schedule", sched.name().toLowerCase(Locale.ROOT))
                    .put("startupSeconds", e.startupSeconds());
            if (y != null) {
                json.put("arrayY", y.name());
                if (!directoryOf(y).equals(directoryOf(x))) {
                    json.put("directoryY", directoryOf(y).toString());
                }
            }
            if (text != null) {
                header(text, e, x, y, n, fillKind, seed);
            }
            jobs = new ArrayOps((spec, label) -> Jobs.run(e, Jobs.withOptions(spec, 0, sched, null), label, engine.json()),
                    x, y, n, alpha, repeat, text);
            // fill: a new array always, an attached one only when asked
            if (fillKind != null) {
                JobResult r = jobs.fill(x, fillKind, seed, false);
                json.put("fill", fillKind.name().toLowerCase(Locale.ROOT)).put("seed", seed).put("fillSeconds", r.seconds())
                        .put("fillGBps", ArrayOps.gbps(8 * n, r.seconds()));
            }
            if (y != null && (y.created() || fill != null)) {
                JobResult r = jobs.fill(y, fillKind == null ? Fill.INDEX : fillKind, seed, true);
                json.put("fillYSeconds", r.seconds()).put("fillYGBps", ArrayOps.gbps(8 * n, r.seconds()));
            }
            Map<String, Object> results = new LinkedHashMap<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String op : opList) {
                Map<String, Object> row = jobs.run(op);
                if (row.containsKey("value")) {
                    results.put(op, row.get("value"));
                }
                rows.add(row);
            }
            json.put("results", results).put("ops", rows);
            MemoryReport memory = MemoryReport.read(e, n * 8 * (y == null ? 1 : 2),
                    directoryOf(x).equals(Regions.fallbackDirectory()));
            json.put("memory", memory.json());
            if (text != null) {
                memory.print(text, sched == Schedule.STATIC && e.mode() == Mode.PROCESSES && e.workers() > 1);
            }
        }
        String fate = keep != null ? "kept: attach with --attach " + x.name() + ", remove with 'shmc clean --all'"
                : x.created() ? "removed (use --keep NAME to keep it)" : "left as it was (attached)";
        json.put("fate", fate);
        out().println(text != null ? "array " + x.name() + " " + fate : json);
        return jobs.completed() ? Main.OK : Main.FAILURE;
    }

    private static void header(PrintWriter text, JobRunner e, Operand x, Operand y, long n, Fill fillKind, long seed) {
        text.println(String.format("array %s: %,d doubles (%s) in %s, %s; %d worker(s) (%s) started in %.2f s%s", x.name(), n,
                Regions.human(n * 8), directoryOf(x), x.created() ? "created" : "attached", e.workers(),
                e.mode().name().toLowerCase(Locale.ROOT), e.startupSeconds(), fillKind == Fill.RANDOM ? ", seed " + seed : ""));
        if (y != null) {
            text.println(String.format("second array %s (%s)%s", y.name(), y.created() ? "created" : "attached",
                    directoryOf(y).equals(directoryOf(x)) ? "" : " in " + directoryOf(y)));
        }
    }

    /** The directory an array's file is in: the region directory, or the fallback directory when /dev/shm could not hold it. */
    private static Path directoryOf(Operand a) {
        return a.array().region().path().getParent();
    }

    /** Refuses, as bad input, arrays that the region directory or the memory cannot hold. */
    private static void checkSpace(long doublesToCreate) {
        FreeSpace.shortfall(doublesToCreate).ifPresent(why -> {
            throw new BadInputException(why);
        });
    }

    private static Fill parseFill(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "index" -> Fill.INDEX;
            case "random" -> Fill.RANDOM;
            default -> throw new BadInputException("--fill must be index or random, got '" + text + "'");
        };
    }

    private static List<String> parseOps(List<String> given) {
        Set<String> seenUnknown = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String op : given) {
            String o = op.strip().toLowerCase(Locale.ROOT);
            if (o.isEmpty()) {
                continue;
            }
            if (!ArrayOps.NAMES.contains(o)) {
                seenUnknown.add(op.strip());
            }
            out.add(o);
        }
        if (!seenUnknown.isEmpty()) {
            throw new BadInputException("unknown --ops " + String.join(", ", seenUnknown) + ": use " + String.join(", ", ArrayOps.NAMES));
        }
        return out;
    }
}
