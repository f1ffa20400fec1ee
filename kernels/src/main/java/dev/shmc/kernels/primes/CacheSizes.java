package dev.shmc.kernels.primes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The data caches of this machine's first CPU, read once from sysfs
 * ({@code /sys/devices/system/cpu/cpu0/cache/index*}: level, type, size), as primesieve sizes its
 * sieve: {@link PrimesConfig} derives the L1 block and the segment from them. A size that cannot be
 * read (another system, a container that hides sysfs) is reported as 0, and the caller keeps its
 * default.
 */
public final class CacheSizes {
    private static final Path CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** Bytes of the L1 data cache, or 0 when unknown. */
    public static final long L1D = size(1, "Data");
    /** Bytes of the L2 cache (per core on current x86), or 0 when unknown. */
    public static final long L2 = size(2, "Unified");

    private CacheSizes() {
    }

    /** A cache of CPU 0: its level, its type (Data, Instruction, Unified) and its size in bytes. */
    public record Cache(int level, String type, long bytes) {
        /** "L1d", "L1i", "L2", "L3". */
        public String label() {
            return "L" + level + (type.equals("Data") ? "d" : type.equals("Instruction") ? "i" : "");
        }
    }

    /** The caches of CPU 0 that sysfs describes, by level and type; empty when it describes none. */
    public static List<Cache> all() {
        List<Cache> caches = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Path index = CACHES.resolve("index" + i);
            try {
                caches.add(new Cache(Integer.parseInt(Files.readString(index.resolve("level")).strip()),
                        Files.readString(index.resolve("type")).strip(), parse(Files.readString(index.resolve("size")).strip())));
            } catch (IOException | RuntimeException e) {
                // no such index, or an entry this reader does not know
            }
        }
        caches.sort(Comparator.comparingInt(Cache::level).thenComparing(Cache::type));
        return caches;
    }

    /** The size of the level-{@code level} cache of {@code type} (Data, Instruction, Unified) of CPU 0, or 0. */
    static long size(int level, String type) {
        return all().stream().filter(c -> c.level() == level && c.type().equals(type)).mapToLong(Cache::bytes).findFirst().orElse(0);
    }

    /** A size as sysfs writes it ("32K", "1024K", "32M", or bytes), in bytes. */
    public static long parse(String text) {
        String t = text.strip();
        long unit = 1;
        char last = Character.toUpperCase(t.charAt(t.length() - 1));
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }

    /** The largest power of two at most {@code bytes}, within [min, max]; {@code fallback} when {@code bytes} is 0 (unknown). */
    static int powerOfTwoAtMost(long bytes, int fallback, int min, int max) {
        if (bytes <= 0) {
            return fallback;
        }
        long p = Long.highestOneBit(bytes);
        return (int) Math.max(min, Math.min(max, p));
    }
}
