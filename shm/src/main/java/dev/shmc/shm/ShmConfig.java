package dev.shmc.shm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Every tunable of the shm module in one place. Each is read once, at class initialisation, from a
 * system property so that benchmarks and tests can change it without code.
 */
public final class ShmConfig {
    private ShmConfig() {
    }

    /**
     * Extra safety checks (explicit index/range checks with clear messages in shared arrays).
     * On by default and in tests; {@code -Dshmc.checks=false} for benchmarks. Memory safety itself
     * never depends on it: the FFM API always bounds-checks segment accesses.
     */
    public static final boolean CHECKS = !"false".equals(System.getProperty("shmc.checks"));

    /** Cache line size assumed for padding. */
    public static final int CACHE_LINE = 64;

    /**
     * Bytes given to every contended word (flag, counter, lock, cursor, per-worker slot): two cache
     * lines, because the adjacent-line prefetcher pulls pairs of lines.
     */
    public static final int PADDED_WORD = 2 * CACHE_LINE;

    /** How long an attacher waits for a region's creator to publish its header. Creators publish within microseconds. */
    public static final Duration ATTACH_DEADLINE = Duration.ofMillis(Long.getLong("shmc.attachDeadlineMs", 2000));

    /**
     * Spins before an idle waiter starts to yield: the lowest latency for hand-offs that come
     * within a microsecond or so, at the price of a busy core. Kept short: on a host with as many
     * workers as cores, long spinning starves the coordinator that is about to hand out work.
     */
    public static final int IDLE_SPINS = Integer.getInteger("shmc.idleSpins", 200);

    /**
     * Yields before an idle waiter starts to park (a few milliseconds' worth): a yield gives the core
     * to any runnable thread, yet wakes within microseconds when the hand-off comes.
     */
    public static final int IDLE_YIELDS = Integer.getInteger("shmc.idleYields", 10_000);

    /** Longest park of an idle waiter in its first second of idling: bounds the wake-up latency against CPU spent polling. */
    public static final long IDLE_MAX_PARK_NANOS = Long.getLong("shmc.idleMaxParkMicros", 1000) * 1000L;

    /**
     * Longest park after about a second of idling: an engine idle that long uses practically no
     * CPU, and pays at most this much latency on its next job.
     */
    public static final long IDLE_LONG_PARK_NANOS = Long.getLong("shmc.idleLongParkMicros", 20_000) * 1000L;

    /** Parks at {@link #IDLE_MAX_PARK_NANOS} before an idle waiter moves on to {@link #IDLE_LONG_PARK_NANOS}. */
    public static final int IDLE_PARKS_BEFORE_LONG = Integer.getInteger("shmc.idleParksBeforeLong", 1000);

    /** Longest region name accepted (bytes of UTF-8). */
    public static final int MAX_NAME_LENGTH = 200;

    /** System property naming the region directory; when it is set, nothing else is tried. */
    public static final String DIRECTORY_PROPERTY = "shmc.dir";

    /**
     * Environment variable naming the region directory, as {@value #DIRECTORY_PROPERTY} does (which
     * wins over it): the way to name one for the command line and the programs it starts.
     */
    public static final String DIRECTORY_VARIABLE = "SHMC_DIR";

    /**
     * System property naming the fallback directory: where a region goes when the default region
     * directory (in /dev/shm) has too little space for it. Default: {@code $XDG_CACHE_HOME/shmc/regions-HOST},
     * or {@code ~/.cache/shmc/regions-HOST} ({@link #fallbackDirectory()}).
     */
    public static final String FALLBACK_DIRECTORY_PROPERTY = "shmc.fallbackDir";

    /**
     * Whether a region that the default region directory cannot hold goes to the
     * {@link #fallbackDirectory() fallback directory} (disk-backed: still shared and zero-copy, but
     * its pages are read from and written back to disk) instead of being refused.
     * {@code -Dshmc.fallback=false} refuses it, as a configured directory always does.
     */
    public static final boolean FALLBACK = !"false".equals(System.getProperty("shmc.fallback"));

    /**
     * System property by which a coordinator hands its worker JVMs the default region directory it
     * resolved ({@link dev.shmc.shm.region.Regions#directory()}), so that they need not resolve it again
     * (and could not pick another one); internal.
     */
    public static final String RESOLVED_DIRECTORY_PROPERTY = "shmc.dir.resolved";

    /**
     * Reserve a region's space when it is created ({@code posix_fallocate}: on tmpfs the pages are
     * allocated and zeroed then), so that a region that was created can never fault later because
     * the file system filled up meanwhile; creation then costs about what touching every page once
     * costs (README: "Faults and what they cost"). {@code -Dshmc.reserve=false} makes regions sparse
     * again: instant to create and charged to memory only as pages are touched, but a write to an
     * untouched page of a full file system kills the process with SIGBUS.
     */
    public static final boolean RESERVE_SPACE = !"false".equals(System.getProperty("shmc.reserve"));

    /** The directory named by {@value #DIRECTORY_PROPERTY}, else by {@value #DIRECTORY_VARIABLE}, or null. */
    public static Path configuredDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIRECTORY_VARIABLE);
        }
        return configured == null || configured.isBlank() ? null : Path.of(configured);
    }

    /**
     * The fallback directory (not created): {@value #FALLBACK_DIRECTORY_PROPERTY} when set, else
     * {@code regions-HOST} in {@code $XDG_CACHE_HOME/shmc} (an absolute one) or {@code ~/.cache/shmc}. The
     * host's name is part of it because a home directory may be shared by several hosts (NFS), and a
     * region's creator is looked up among the processes of the host that reads it.
     */
    public static Path fallbackDirectory() {
        String configured = System.getProperty(FALLBACK_DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return fallbackParent().resolve("regions-" + HostName.PLAIN);
    }

    /** The host's name, read once (the first time a fallback directory is asked for), in the characters of a file name. */
    private static final class HostName {
        static final String PLAIN = plainName(hostName());
    }

    /** The directory the default fallback directory is made in: {@code $XDG_CACHE_HOME/shmc} or {@code ~/.cache/shmc}. */
    public static Path fallbackParent() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "shmc");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "shmc");
    }

    private static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return name.isEmpty() ? "localhost" : name;
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /**
     * Where the default region directory {@code shmc-USER} is made: /dev/shm, or, without a
     * writable /dev/shm, the JVM's temp directory (disk-backed, slower).
     */
    public static Path defaultParent() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The name of the default region directory: {@code shmc-} and the user name (characters outside [A-Za-z0-9_.-] as '_'). */
    public static String defaultDirectoryName() {
        return "shmc-" + plainName(System.getProperty("user.name", "user"));
    }

    /** {@code text} with characters outside [A-Za-z0-9_.-] as '_' (by hand, not a regex: it is on every command's start-up path). */
    private static String plainName(String text) {
        StringBuilder name = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
            name.append(plain ? c : '_');
        }
        return name.toString();
    }
}
