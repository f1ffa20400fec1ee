package dev.shmc.cli.array;

import dev.shmc.cli.proc.ProcessMemory;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.Regions;
import java.util.Optional;

/**
 * Whether new shared arrays fit, before any is created: a shared array lives in RAM (tmpfs), and a
 * mapping that outgrows the region directory's file system or the memory would kill the workers
 * while they fill it. Arrays that /dev/shm cannot hold but the disk-backed fallback directory can
 * fit ({@link Regions#placement}). The caller decides what a shortfall is (for the CLI: bad input).
 */
public final class FreeSpace {
    private FreeSpace() {
    }

    /**
     * Why the region directory or the available memory cannot hold {@code doubles} more doubles
     * (with a region header each for up to two arrays), in one line; empty when they fit.
     *
     * @throws RegionException when the free space cannot be read
     */
    public static Optional<String> shortfall(long doubles) {
        if (doubles == 0) {
            return Optional.empty();
        }
        // each array file: its .npy preamble, the data rounded up to a page, its header
        long bytes = doubles * 8 + 2L * (RegionDescriptor.NPY_PREAMBLE_LENGTH + RegionDescriptor.PAGE + RegionDescriptor.HEADER_LENGTH);
        Regions.Placement place = Regions.placement(bytes, String.format("%,d doubles", doubles));
        if (place.problem() != null) {
            return Optional.of(place.problem());
        }
        // a tmpfs holds its pages in memory; the disk-backed fallback directory only caches them
        long available = ProcessMemory.memAvailable();
        if (!place.fallback() && available > 0 && bytes > available) {
            return Optional.of(String.format("not enough memory for %,d doubles: they need %s, %s is available",
                    doubles, Regions.human(bytes), Regions.human(available)));
        }
        return Optional.empty();
    }
}
