package dev.shmc.cli;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Schedule;
import dev.shmc.engine.jobs.ArrayFillKernel.Fill;
import dev.shmc.engine.jobs.ArrayFillKernel;
import dev.shmc.engine.jobs.ArrayMapKernel;
import dev.shmc.engine.jobs.ArrayReduceKernel;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
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
    private static final List<String> OPS = List.of("sum", "min", "max", "mean", "dot", "scale", "axpy");
    private static final AtomicInteger RUNS = new AtomicInteger();

    private Schedule sched = Schedule.STATIC;

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

    /** One array of the run: its handle, name, whether this run created it, and whether it still holds its fill. */
    private static final class Operand {
        final SharedDoubleArray array;
        final String name;
        final boolean created;
        Fill filled;

        Operand(SharedDoubleArray array, String name, boolean created) {
            this.array = array;
            this.name = name;
            this.created = created;
        }
    }

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
        sched = Jobs.schedule(schedule);
        if (keep != null) {
            Regions.validateName(keep);
            Regions.validateName(keep + "-y");
        }
        Fill fillKind = fill == null ? (attach == null ? Fill.INDEX : null) : parseFill(fill);
        List<String> opList = parseOps(ops);
        boolean needY = opList.contains("dot") || opList.contains("axpy");
        engine.workers();
        engine.mode();
        long s = seed != null ? seed : new SecureRandom().nextLong() >>> 1;

        String name = attach != null ? attach : keep != null ? keep : "array-" + Processes.selfPid() + "-" + RUNS.incrementAndGet();
        List<Operand> opened = new ArrayList<>();
        Thread cleanup = new Thread(() -> deleteCreated(opened), "shmc-array-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Operand x;
            long n;
            if (attach != null) {
                x = new Operand(SharedDoubleArray.attach(attach), attach, false);
                opened.add(x);
                n = x.array.length();
                if (doubles != null && doubles != n) {
                    throw new BadInputException("--doubles " + doubles + " does not match array " + attach + " (" + n + " doubles)");
                }
                checkSpace(needY && !exists(name + "-y") ? n : 0);
            } else {
                n = doubles;
                checkSpace(needY ? 2 * n : n);
                x = new Operand(SharedDoubleArray.create(name, n), name, true);
                opened.add(x);
            }
            Operand y = null;
            if (needY) {
                String yName = name + "-y";
                y = exists(yName) && attach != null ? new Operand(SharedDoubleArray.attach(yName), yName, false)
                        : new Operand(SharedDoubleArray.create(yName, n), yName, true);
                opened.add(y);
                if (y.array.length() != n) {
                    throw new BadInputException("array " + yName + " has " + y.array.length() + " doubles, " + name + " has " + n);
                }
            }
            if (keep != null) {
                for (Operand o : opened) {
                    o.array.keep();
                }
            }
            return run(x, y, n, fillKind, opList, s);
        } finally {
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).array.close(); // deletes what this run created unless kept
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook runs
            }
        }
    }

    private int run(Operand x, Operand y, long n, Fill fillKind, List<String> opList, long seed) {
        Json json = new Json();
        Map<String, Object> results = new LinkedHashMap<>();
        List<Map<String, Object>> opRows = new ArrayList<>();
        boolean ok = true;
        try (Engine e = engine.start(JobStore.NONE)) {
            json.put("array", x.name).put("doubles", n).put("bytes", n * 8).put("directory", Regions.directory().toString())
                    .put("created", x.created).put("kept", keep != null || !x.created).put("workers", e.workers())
                    .put("mode", e.mode().name().toLowerCase(Locale.ROOT)).put("schedule", sched.name().toLowerCase(Locale.ROOT))
                    .put("startupSeconds", e.startupSeconds());
            if (y != null) {
                json.put("arrayY", y.name);
            }
            header(e, x, y, n, fillKind, seed);
            // fill: a new array always, an attached one only when asked
            if (fillKind != null) {
                JobResult r = fill(e, x, n, fillKind, seed, false);
                ok &= r.status() == JobStatus.COMPLETED;
                json.put("fill", fillKind.name().toLowerCase(Locale.ROOT)).put("seed", seed).put("fillSeconds", r.seconds())
                        .put("fillGBps", gbps(8 * n, r.seconds()));
                line("fill %-6s %s: %8.3f s  %6.2f GB/s", fillKind.name().toLowerCase(Locale.ROOT), x.name, r.seconds(), gbps(8 * n, r.seconds()));
            }
            if (y != null && (y.created || fill != null)) {
                Fill yKind = fillKind == null ? Fill.INDEX : fillKind;
                JobResult r = fill(e, y, n, yKind, seed, true);
                ok &= r.status() == JobStatus.COMPLETED;
                json.put("fillYSeconds", r.seconds()).put("fillYGBps", gbps(8 * n, r.seconds()));
                line("fill %-6s %s: %8.3f s  %6.2f GB/s", yKind.name().toLowerCase(Locale.ROOT), y.name, r.seconds(), gbps(8 * n, r.seconds()));
            }
            Double lastSum = null;
            for (String op : opList) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("op", op);
                double value;
                double seconds;
                long bytes;
                Double expected = null;
                switch (op) {
                    case "sum", "mean", "min", "max", "dot" -> {
                        if (op.equals("mean") && lastSum != null) {
                            value = lastSum / n;
                            seconds = 0;
                            bytes = 0;
                            row.put("from", "sum");
                        } else {
                            ArrayReduceKernel.Op rop = switch (op) {
                                case "min" -> ArrayReduceKernel.Op.MIN;
                                case "max" -> ArrayReduceKernel.Op.MAX;
                                case "dot" -> ArrayReduceKernel.Op.DOT;
                                default -> ArrayReduceKernel.Op.SUM;
                            };
                            JobSpec spec = ArrayReduceKernel.spec(x.name, op.equals("dot") ? y.name : null, n, rop);
                            JobResult r = run(e, spec, op);
                            ok &= r.status() == JobStatus.COMPLETED;
                            value = ArrayReduceKernel.value(rop, r);
                            seconds = r.seconds();
                            if (repeat > 1) {
                                row.put("firstSeconds", seconds);
                                for (long k = 1; k < repeat; k++) {
                                    JobResult again = run(e, spec, op);
                                    ok &= again.status() == JobStatus.COMPLETED && ArrayReduceKernel.value(rop, again) == value;
                                    seconds = Math.min(seconds, again.seconds());
                                }
                            }
                            if (rop == ArrayReduceKernel.Op.SUM) {
                                lastSum = value;
                                value = op.equals("mean") ? value / n : value;
                            }
                            bytes = op.equals("dot") ? 16 * n : 8 * n;
                        }
                        expected = expected(op, n, x, y);
                        results.put(op, value);
                    }
                    case "scale", "axpy" -> {
                        ArrayMapKernel.Op mop = op.equals("scale") ? ArrayMapKernel.Op.SCALE : ArrayMapKernel.Op.AXPY;
                        JobResult r = run(e, ArrayMapKernel.spec(mop, alpha, x.name, mop == ArrayMapKernel.Op.AXPY ? y.name : null, n), op);
                        ok &= r.status() == JobStatus.COMPLETED;
                        seconds = r.seconds();
                        if (mop == ArrayMapKernel.Op.SCALE) {
                            x.filled = null;
                            lastSum = null;
                            bytes = 16 * n;
                        } else {
                            y.filled = null;
                            bytes = 24 * n;
                        }
                        value = Double.NaN;
                        row.put("alpha", alpha);
                    }
                    default -> throw new IllegalStateException(op);
                }
                if (!Double.isNaN(value) || results.containsKey(op)) {
                    row.put("value", value);
                }
                if (expected != null) {
                    row.put("expected", expected);
                }
                row.put("seconds", seconds);
                row.put("GBps", seconds > 0 ? gbps(bytes, seconds) : null);
                opRows.add(row);
                printOp(op, row, value, expected, seconds, bytes);
            }
            json.put("results", results).put("ops", opRows);
            Map<String, Object> memory = memory(e, n * 8 * (y == null ? 1 : 2));
            json.put("memory", memory);
        }
        String fate = keep != null ? "kept: attach with --attach " + x.name + ", remove with 'shmc clean --all'"
                : x.created ? "removed (use --keep NAME to keep it)" : "left as it was (attached)";
        json.put("fate", fate);
        if (engine.json()) {
            out().println(json);
        } else {
            line("array %s %s", x.name, fate);
        }
        return ok ? Main.OK : Main.FAILURE;
    }

    private JobResult fill(Engine e, Operand a, long n, Fill kind, long seed, boolean second) {
        // y[i] = N-1-i makes x + y constant and x.y a known sum; a random y has its own seed
        double scale = second ? -1 : 1;
        double offset = second ? n - 1 : 0;
        long s = second ? seed ^ 0x5DEECE66DL : seed;
        JobResult r = run(e, ArrayFillKernel.spec(a.name, n, kind, scale, offset, s), "fill");
        a.filled = kind;
        return r;
    }

    private JobResult run(Engine e, JobSpec spec, String label) {
        return Jobs.run(e, Jobs.withOptions(spec, 0, sched, null), label, engine.json());
    }

    /** The exact answer of a reduction over an index-filled array not mapped since (x[i] = i, y[i] = N-1-i), else null. */
    private static Double expected(String op, long n, Operand x, Operand y) {
        if (x.filled != Fill.INDEX) {
            return null;
        }
        BigInteger bn = BigInteger.valueOf(n);
        return switch (op) {
            case "sum" -> new java.math.BigDecimal(bn.multiply(bn.subtract(BigInteger.ONE)).shiftRight(1)).doubleValue();
            case "mean" -> (n - 1) / 2.0;
            case "min" -> 0.0;
            case "max" -> (double) (n - 1);
            // sum of i (N-1-i) = N (N-1) (N-2) / 6
            case "dot" -> y != null && y.filled == Fill.INDEX
                    ? new java.math.BigDecimal(bn.multiply(bn.subtract(BigInteger.ONE)).multiply(bn.subtract(BigInteger.TWO))
                    .divide(BigInteger.valueOf(6))).doubleValue() : null;
            default -> null;
        };
    }

    // ------------------------------------------------------------------ input

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
            if (!OPS.contains(o)) {
                seenUnknown.add(op.strip());
            }
            out.add(o);
        }
        if (!seenUnknown.isEmpty()) {
            throw new BadInputException("unknown --ops " + String.join(", ", seenUnknown) + ": use " + String.join(", ", OPS));
        }
        return out;
    }

    private static boolean exists(String name) {
        return Files.exists(Regions.directory().resolve(name + RegionDescriptor.FILE_SUFFIX));
    }

    /**
     * Refuses, as bad input, arrays that the region directory or the memory cannot hold: a shared
     * array lives in RAM (tmpfs), and a mapping that outgrows it would kill the workers while they
     * fill it.
     */
    private static void checkSpace(long doublesToCreate) {
        if (doublesToCreate == 0) {
            return;
        }
        long bytes = doublesToCreate * 8 + 2L * RegionDescriptor.HEADER_LENGTH;
        Path dir = Regions.directory();
        Regions.ensureDirectory(dir);
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot check free space in " + dir + ": " + e.getMessage(), e);
        }
        if (bytes > usable) {
            throw new BadInputException(String.format("not enough space for %,d doubles: they need %s, %s has %s free",
                    doublesToCreate, Regions.human(bytes), dir, Regions.human(usable)));
        }
        long available = ProcessMemory.memAvailable();
        if (available > 0 && bytes > available) {
            throw new BadInputException(String.format("not enough memory for %,d doubles: they need %s, %s is available",
                    doublesToCreate, Regions.human(bytes), Regions.human(available)));
        }
    }

    private static void deleteCreated(List<Operand> opened) {
        for (Operand o : opened) {
            if (o.created && !o.array.region().isKept()) {
                try {
                    Files.deleteIfExists(o.array.region().path());
                } catch (IOException | RuntimeException ignored) {
                    // exiting anyway; 'shmc clean' removes what is left
                }
            }
        }
    }

    // ------------------------------------------------------------------ output

    private void header(Engine e, Operand x, Operand y, long n, Fill fillKind, long seed) {
        if (engine.json()) {
            return;
        }
        line("array %s: %,d doubles (%s) in %s, %s; %d worker(s) (%s) started in %.2f s%s", x.name, n, Regions.human(n * 8),
                Regions.directory(), x.created ? "created" : "attached", e.workers(), e.mode().name().toLowerCase(Locale.ROOT),
                e.startupSeconds(), fillKind == Fill.RANDOM ? ", seed " + seed : "");
        if (y != null) {
            line("second array %s (%s)", y.name, y.created ? "created" : "attached");
        }
    }

    private void printOp(String op, Map<String, Object> row, double value, Double expected, double seconds, long bytes) {
        if (engine.json()) {
            return;
        }
        String what = String.format("%-5s %-26s", op, row.containsKey("value") ? "= " + value : "(alpha " + alpha + ")");
        String exp = expected == null ? "" : expected.equals(value) ? "  (exact)" : "  (expected " + expected + ")";
        if (row.containsKey("from")) {
            line("%s  from the sum%s", what, exp);
        } else {
            String first = row.get("firstSeconds") instanceof Double f ? String.format("  (best of %d; first %.3f s)", repeat, f) : "";
            line("%s %8.3f s  %6.2f GB/s%s%s", what, seconds, gbps(bytes, seconds), exp, first);
        }
    }

    private void line(String format, Object... args) {
        if (!engine.json()) {
            out().println(String.format(format, args));
        }
    }

    private static double gbps(long bytes, double seconds) {
        return seconds > 0 ? bytes / seconds / 1e9 : 0;
    }

    /** The memory of the coordinator and of each worker process, and the totals that show no copy. */
    private Map<String, Object> memory(Engine e, long arrayBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> processes = new ArrayList<>();
        Map<String, Object> coordinator = ProcessMemory.read(Processes.selfPid(), "coordinator");
        processes.add(coordinator);
        if (e.mode() == Mode.PROCESSES) {
            for (int w = 0; w < e.workers(); w++) {
                processes.add(ProcessMemory.read(e.workerPid(w), "worker " + w));
            }
        }
        long pssShmem = 0;
        long maxAnon = 0;
        for (Map<String, Object> p : processes) {
            pssShmem += ProcessMemory.bytes(p, "Pss_Shmem");
            maxAnon = Math.max(maxAnon, ProcessMemory.bytes(p, "Anonymous"));
        }
        m.put("arrayBytes", arrayBytes);
        m.put("sumPssShmemBytes", pssShmem);
        m.put("maxAnonymousBytes", maxAnon);
        m.put("processes", processes);
        if (!engine.json()) {
            line("memory (from /proc/PID/status and smaps_rollup; shmem = pages of the shared array, anonymous = private memory):");
            for (Map<String, Object> p : processes) {
                line("  %-12s pid %-7s peak RSS %9s  RSS %9s = anon %9s + shmem %9s + file %9s | Pss %9s  Private_Dirty %9s  Shared_Dirty %9s",
                        p.get("role"), p.get("pid"), h(p, "VmHWM"), h(p, "VmRSS"), h(p, "RssAnon"), h(p, "RssShmem"), h(p, "RssFile"),
                        h(p, "Pss"), h(p, "Private_Dirty"), h(p, "Shared_Dirty"));
            }
            line("  the array is %s; the processes' Pss of shared memory adds up to %s and the largest private (anonymous) memory"
                    + " is %s: no process holds a copy", Regions.human(arrayBytes), Regions.human(pssShmem), Regions.human(maxAnon));
            if (sched == Schedule.STATIC && e.mode() == Mode.PROCESSES && e.workers() > 1) {
                line("  (smaps counts a shared page as Private_* while only one process maps it: with --schedule static each worker"
                        + " maps only its own chunks; --schedule dynamic shows them as Shared_*)");
            }
        }
        return m;
    }

    private static String h(Map<String, Object> p, String key) {
        long b = ProcessMemory.bytes(p, key);
        return b < 0 ? "?" : Regions.human(b);
    }

    /** Reads a process's memory figures from /proc (Linux); absent figures are left out. */
    static final class ProcessMemory {
        private ProcessMemory() {
        }

        private static final List<String> STATUS_KEYS = List.of("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem");
        private static final List<String> ROLLUP_KEYS = List.of("Rss", "Pss", "Pss_Anon", "Pss_File", "Pss_Shmem", "Shared_Clean",
                "Shared_Dirty", "Private_Clean", "Private_Dirty", "Anonymous");

        /** Figures in bytes, keyed by their /proc names, plus {@code pid} and {@code role}. */
        static Map<String, Object> read(long pid, String role) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", role);
            m.put("pid", pid);
            Map<String, Object> status = new LinkedHashMap<>();
            parse(Path.of("/proc", Long.toString(pid), "status"), STATUS_KEYS, status);
            Map<String, Object> rollup = new LinkedHashMap<>();
            parse(Path.of("/proc", Long.toString(pid), "smaps_rollup"), ROLLUP_KEYS, rollup);
            m.put("status", status);
            m.put("smapsRollup", rollup);
            return m;
        }

        @SuppressWarnings("unchecked")
        static long bytes(Map<String, Object> process, String key) {
            for (String section : new String[] {"status", "smapsRollup"}) {
                Object v = ((Map<String, Object>) process.get(section)).get(key);
                if (v instanceof Long l) {
                    return l;
                }
            }
            return -1;
        }

        /** MemAvailable from /proc/meminfo in bytes, or -1 when unknown. */
        static long memAvailable() {
            Map<String, Object> m = new LinkedHashMap<>();
            parse(Path.of("/proc/meminfo"), List.of("MemAvailable"), m);
            return m.get("MemAvailable") instanceof Long l ? l : -1;
        }

        private static void parse(Path file, List<String> keys, Map<String, Object> into) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException | RuntimeException e) {
                return; // not Linux, or the process is gone
            }
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon <= 0 || !keys.contains(line.substring(0, colon))) {
                    continue;
                }
                String[] parts = line.substring(colon + 1).strip().split("\\s+");
                try {
                    long v = Long.parseLong(parts[0]);
                    into.put(line.substring(0, colon), parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? v * 1024 : v);
                } catch (NumberFormatException ignored) {
                    // not a number: skip
                }
            }
        }
    }
}
