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

    /** The directory named by {@value #DIRECTORY_PROPERTY}, or null. */
    public static Path configuredDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        return configured == null || configured.isBlank() ? null : Path.of(configured);
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
        // by hand, not a regex: it is on every command's start-up path
        String user = System.getProperty("user.name", "user");
        StringBuilder name = new StringBuilder("shmc-");
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            boolean plain = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
            name.append(plain ? c : '_');
        }
        return name.toString();
    }
}
