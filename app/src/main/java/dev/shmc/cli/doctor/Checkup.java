package dev.shmc.cli.doctor;

import dev.shmc.cli.proc.ProcessMemory;
import dev.shmc.engine.config.StateDirectory;
import dev.shmc.engine.service.ServiceAdmin;
import dev.shmc.kernels.montecarlo.PiKernels;
import dev.shmc.kernels.primes.CacheSizes;
import dev.shmc.kernels.primes.PrimesConfig;
import dev.shmc.shm.JvmFlags;
import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.OwnedPaths;
import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.incubator.vector.VectorShape;

/**
 * What {@code shmc doctor} finds on this host and what shmc will do there: facts (one line each,
 * and their figures for {@code --json}) and problems, each with its fix. A problem is blocking when
 * no job could run (its regions could go nowhere); every other one only costs speed or room.
 */
public final class Checkup {
    /** Below this, /dev/shm is called small: arrays of a few hundred MB already go to the fallback directory. */
    static final long SMALL_SHM_BYTES = 1L << 30;

    /** One line of the report: a label, its text, and its figures for --json. */
    public record Fact(String label, String text, Map<String, Object> json) {
    }

    /** Something that stops jobs ({@code blocking}) or slows them, and what to do about it. */
    public record Problem(boolean blocking, String what, String fix) {
    }

    /** Room a job needs in the region directory at least: its control region and result files (a few hundred KiB), with margin. */
    static final long MIN_JOB_BYTES = 4L << 20;

    private final List<Fact> facts = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    private Checkup() {
    }

    /** Looks at the host now. Reads only; creates nothing. */
    public static Checkup run(String version) {
        Checkup c = new Checkup();
        c.jdk(version);
        c.cpu();
        Optional<Long> memoryLimit = c.memory();
        c.devShm(memoryLimit);
        c.directories();
        c.service();
        return c;
    }

    public List<Fact> facts() {
        return facts;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Whether anything stops a job from running. */
    public boolean blocked() {
        return problems.stream().anyMatch(Problem::blocking);
    }

    private void fact(String label, String text, Map<String, Object> json) {
        facts.add(new Fact(label, text, json));
    }

    private void jdk(String version) {
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shmc", version);
        m.put("javaVersion", System.getProperty("java.version"));
        m.put("javaVendor", System.getProperty("java.vendor"));
        m.put("javaHome", System.getProperty("java.home"));
        m.put("jvmFlags", flags);
        m.put("workerJvmFlags", JvmFlags.required());
        boolean aot = flags.stream().anyMatch(f -> f.startsWith("-XX:AOTCache="));
        m.put("startupCache", aot);
        fact("shmc", version + " on Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home"), m);
        fact("JVM flags", flags.size() + " on this JVM, " + JvmFlags.required().size() + " required by every worker JVM"
                + (aot ? "; start-up cache in use" : "; no start-up cache") + " (--json lists them)", Map.of());
    }

    private void cpu() {
        Map<String, Object> m = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        Optional<Double> cpuLimit = HostFacts.cgroupCpuLimit();
        m.put("cores", cores);
        m.put("cgroupCpuLimit", cpuLimit.orElse(null));
        fact("cores", cores + " available to the JVM" + cpuLimit.map(l -> String.format("; cgroup CPU limit %.2f cores", l)).orElse("; no cgroup CPU limit")
                + " (a job runs one worker JVM per core by default)", m);
        if (cpuLimit.isPresent() && cpuLimit.get() < cores - 0.5) {
            problems.add(new Problem(false, String.format("the cgroup allows %.2f cores but the JVM sees %d: workers would share cores", cpuLimit.get(), cores),
                    "run with --workers " + Math.max(1, (int) Math.floor(cpuLimit.get()))));
        }

        Set<String> flags = HostFacts.cpuFlags();
        String model = HostFacts.cpuInfo("model name").orElse("unknown CPU");
        String family = HostFacts.cpuInfo("cpu family").map(f -> " (family " + f + HostFacts.cpuInfo("model").map(x -> ", model " + x).orElse("") + ")").orElse("");
        int preferredBits = VectorShape.preferredShape().vectorBitSize();
        List<CacheSizes.Cache> caches = CacheSizes.all();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", model + family);
        c.put("vectorExtension", HostFacts.widestVectorExtension(flags).orElse(null));
        c.put("preferredVectorBits", preferredBits);
        Map<String, Object> cacheBytes = new LinkedHashMap<>();
        for (CacheSizes.Cache k : caches) {
            cacheBytes.put(k.label(), k.bytes());
        }
        c.put("caches", cacheBytes);
        c.put("piVectorBits", PiKernels.vectorBits());
        fact("CPU", model + family + "; vectors " + HostFacts.widestVectorExtension(flags).orElse("none known")
                + ", the Vector API prefers " + preferredBits + "-bit; the π kernel counts with "
                + (PiKernels.vectorBits() == 512 ? "one 512-bit vector" : "two 256-bit vectors") + " per 8 samples", c);
        Map<String, Object> sieve = new LinkedHashMap<>();
        sieve.put("segmentBytes", PrimesConfig.SEGMENT_BYTES);
        sieve.put("l1BlockBytes", PrimesConfig.L1_BLOCK_BYTES);
        fact("caches", (caches.isEmpty() ? "unknown (no /sys/devices/system/cpu/cpu0/cache)"
                : caches.stream().map(k -> k.label() + " " + Regions.human(k.bytes())).collect(Collectors.joining(", ")) + " (of CPU 0)")
                + "; the sieve uses " + Regions.human(PrimesConfig.SEGMENT_BYTES) + " segments and " + Regions.human(PrimesConfig.L1_BLOCK_BYTES)
                + " blocks", sieve);
    }

    /** Adds the memory and huge-page facts; returns the cgroup's memory limit. */
    private Optional<Long> memory() {
        Map<String, Long> mem = ProcessMemory.memInfo(List.of("MemTotal", "MemAvailable", "HugePages_Total", "HugePages_Free", "Hugepagesize"));
        Optional<Long> limit = HostFacts.cgroupMemoryLimit();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalBytes", mem.get("MemTotal"));
        m.put("availableBytes", mem.get("MemAvailable"));
        m.put("cgroupLimitBytes", limit.orElse(null));
        fact("memory", human(mem.get("MemTotal")) + " in all, " + human(mem.get("MemAvailable")) + " available; "
                + limit.map(l -> "cgroup memory limit " + Regions.human(l)).orElse("no cgroup memory limit"), m);
        Map<String, String> thp = HostFacts.transparentHugePages();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("transparent", thp);
        h.put("reserved", mem.get("HugePages_Total"));
        h.put("free", mem.get("HugePages_Free"));
        h.put("pageBytes", mem.get("Hugepagesize"));
        fact("hugepages", "transparent " + thp.getOrDefault("enabled", "?") + ", for tmpfs " + thp.getOrDefault("shmem", "?") + "; "
                + (mem.get("HugePages_Total") == null ? "?" : mem.get("HugePages_Total")) + " reserved of " + human(mem.get("Hugepagesize"))
                + " (shmc maps 4 KiB pages; none of this is needed)", h);
        return limit;
    }

    private void devShm(Optional<Long> memoryLimit) {
        Path shm = Path.of("/dev/shm");
        Optional<HostFacts.FileSystem> fs = Files.isDirectory(shm) ? HostFacts.fileSystem(shm) : Optional.empty();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("present", fs.isPresent());
        fs.ifPresent(f -> {
            m.put("type", f.type());
            m.put("totalBytes", f.totalBytes());
            m.put("freeBytes", f.usableBytes());
        });
        m.put("writable", Files.isWritable(shm));
        fact("/dev/shm", fs.map(f -> f.type() + ", " + Regions.human(f.totalBytes()) + ", " + Regions.human(f.usableBytes()) + " free"
                + (Files.isWritable(shm) ? "" : ", not writable")).orElse("absent"), m);
        if (fs.isEmpty() || !Files.isWritable(shm)) {
            problems.add(new Problem(false, "/dev/shm is " + (fs.isEmpty() ? "absent" : "not writable") + ": regions go to "
                    + ShmConfig.defaultParent() + " (disk-backed, slower)", "mount a tmpfs on /dev/shm (Docker: --shm-size=4g)"));
        } else if (!fs.get().type().equals("tmpfs")) {
            problems.add(new Problem(false, "/dev/shm is " + fs.get().type() + ", not tmpfs: regions are disk-backed there", "mount a tmpfs on /dev/shm"));
        } else if (fs.get().totalBytes() < SMALL_SHM_BYTES) {
            problems.add(new Problem(false, "/dev/shm is small (" + Regions.human(fs.get().totalBytes()) + ", the size a container gets by default):"
                    + " regions that do not fit go to the disk-backed fallback directory, slower to page in",
                    "docker run --shm-size=4g ...; in Kubernetes an emptyDir with medium: Memory mounted at /dev/shm (README: In containers)"));
        }
        if (fs.isPresent() && memoryLimit.isPresent() && fs.get().type().equals("tmpfs") && fs.get().totalBytes() > memoryLimit.get()) {
            problems.add(new Problem(false, "/dev/shm (" + Regions.human(fs.get().totalBytes()) + ") is larger than the cgroup memory limit ("
                    + Regions.human(memoryLimit.get()) + "), and its pages count against that limit: a region near that size gets the"
                    + " processes killed for memory", "keep shared arrays below the limit, or raise it (docker run --memory)"));
        }
    }

    private void directories() {
        Path regions = Regions.directory();
        boolean configured = ShmConfig.configuredDirectory() != null;
        Optional<String> regionProblem = describeDirectory("regions", regions, configured ? "configured (-Dshmc.dir or SHMC_DIR)"
                : "made with mode 0700 when a job needs it, removed when its last region goes");
        if (regionProblem.isPresent()) {
            problems.add(new Problem(configured, "the region directory " + regions + ": " + regionProblem.get(),
                    configured ? "point SHMC_DIR (or -Dshmc.dir) at a directory of yours with mode 0700" : "remove it, or run shmc as its owner"));
        }
        Path fallback = Regions.fallbackDirectory();
        if (fallback != null) {
            Optional<String> p = describeDirectory("fallback", fallback, "disk-backed; regions /dev/shm cannot hold go here");
            p.ifPresent(why -> problems.add(new Problem(false, "the fallback directory " + fallback + ": " + why,
                    "remove it; shmc makes it again with mode 0700")));
            Path base = Regions.nearestExisting(fallback);
            if (!base.equals(fallback.toAbsolutePath()) && !(Files.isDirectory(base) && Files.isWritable(base))) {
                // a container with HOME=/ or a read-only home: the fallback cannot be made when it is needed
                problems.add(new Problem(false, "the fallback directory " + fallback + " cannot be made (" + base
                        + " is not a writable directory): a region /dev/shm cannot hold would be refused",
                        "set XDG_CACHE_HOME (or -Dshmc.fallbackDir) to a writable directory of yours"));
            }
        } else {
            fact("fallback", configured ? "none: a configured region directory is never replaced" : "off (-Dshmc.fallback=false)", Map.of());
        }
        long room = freeNear(regions);
        long roomThere = fallback == null ? -1 : freeNear(fallback);
        if (room >= 0 && room < MIN_JOB_BYTES && roomThere < MIN_JOB_BYTES) {
            problems.add(new Problem(true, "no room for a job: " + regions + " has " + Regions.human(room) + " free"
                    + (fallback == null ? "" : " and the fallback directory " + fallback + " " + Regions.human(Math.max(0, roomThere))),
                    "shmc clean, or free space there" + Regions.shmHint(regions, SMALL_SHM_BYTES, true)));
        }
        Path state = StateDirectory.resolve();
        describeDirectory("state", state, "job registry and checkpoints").ifPresent(why -> problems.add(new Problem(false,
                "the state directory " + state + ": " + why + "; jobs are not recorded and cannot be resumed",
                "remove it, or set -Dshmc.stateDir to a directory of yours with mode 0700")));
        stale();
    }

    /** Adds the directory's fact (owner, mode, free space); what is wrong with it, if anything. */
    private Optional<String> describeDirectory(String label, Path dir, String role) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", dir.toString());
        Optional<String> problem;
        String text;
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            m.put("exists", true);
            m.put("owner", a.owner().getName());
            m.put("mode", PosixFilePermissions.toString(a.permissions()));
            problem = OwnedPaths.problemWithDirectory(dir);
            text = dir + " (" + a.owner().getName() + ", " + PosixFilePermissions.toString(a.permissions())
                    + HostFacts.fileSystem(dir).map(f -> ", " + f.type() + " with " + Regions.human(f.usableBytes()) + " free").orElse("") + ")";
        } catch (NoSuchFileException absent) {
            m.put("exists", false);
            problem = Optional.empty();
            text = dir + " (absent)";
        } catch (IOException e) {
            m.put("exists", true);
            problem = Optional.of("cannot be read: " + e.getMessage());
            text = dir + " (unreadable)";
        }
        problem.ifPresent(p -> m.put("problem", p));
        fact(label, text + ": " + role, m);
        return problem;
    }

    private void stale() {
        List<String> stale = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        long bytes = 0;
        try {
            for (Regions.Listing l : Regions.listAll()) {
                for (Regions.RegionInfo info : l.regions()) {
                    if (info.stale()) {
                        stale.add(info.name());
                        bytes += Math.max(0, info.payloadLength());
                    } else if (info.kept() && !info.creatorAlive()) {
                        kept.add(info.name());
                    }
                }
            }
        } catch (RuntimeException e) {
            fact("stale", "not listed: " + e.getMessage(), Map.of());
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stale", stale);
        m.put("kept", kept);
        fact("stale", stale.isEmpty() ? "no stale regions" + (kept.isEmpty() ? "" : "; " + kept.size() + " kept on purpose (" + String.join(", ", kept) + ")")
                : stale.size() + " stale region(s), " + Regions.human(bytes) + ": " + String.join(", ", stale.subList(0, Math.min(5, stale.size())))
                + (stale.size() > 5 ? ", ..." : ""), m);
        if (!stale.isEmpty()) {
            problems.add(new Problem(false, stale.size() + " stale region(s) left by processes that died hold " + Regions.human(bytes),
                    "shmc clean (the next job also reclaims them)"));
        }
    }

    private void service() {
        Optional<ServiceAdmin.Status> status;
        try {
            status = ServiceAdmin.status(Regions.directory());
        } catch (RuntimeException e) {
            status = Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", status.isPresent());
        status.ifPresent(s -> {
            m.put("pid", s.pid());
            m.put("state", s.state());
            m.put("workers", s.workers());
        });
        fact("service", status.map(s -> "running, pid " + s.pid() + ", " + s.workers() + " worker(s), " + s.state())
                .orElse("not running (shmc service start keeps a warm pool)"), m);
    }

    /** Free bytes of the file system {@code dir} is or would be on; -1 when unknown. */
    private static long freeNear(Path dir) {
        return HostFacts.fileSystem(Regions.nearestExisting(dir)).map(HostFacts.FileSystem::usableBytes).orElse(-1L);
    }

    private static String human(Long bytes) {
        return bytes == null ? "?" : Regions.human(bytes);
    }
}
