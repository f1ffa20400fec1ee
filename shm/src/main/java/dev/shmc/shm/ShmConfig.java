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

    /**
     * The directory regions live in: {@code -Dshmc.dir}, else {@code /dev/shm/shmc-USER}, else (no
     * /dev/shm) {@code java.io.tmpdir/shmc-USER}.
     */
    public static Path defaultDirectory() {
        String configured = System.getProperty("shmc.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve("shmc-" + user);
        }
        return Path.of(System.getProperty("java.io.tmpdir")).resolve("shmc-" + user);
    }

    /** True when {@link #defaultDirectory()} had to fall back from /dev/shm to the temp directory. */
    public static boolean usingFallbackDirectory() {
        return System.getProperty("shmc.dir") == null && !defaultDirectory().startsWith("/dev/shm");
    }
}
