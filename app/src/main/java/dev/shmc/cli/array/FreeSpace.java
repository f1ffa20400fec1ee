package dev.shmc.cli.array;

import dev.shmc.cli.proc.ProcessMemory;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether new shared arrays fit, before any is created: a shared array lives in RAM (tmpfs), and a
 * mapping that outgrows the region directory's file system or the memory would kill the workers
 * while they fill it. The caller decides what a shortfall is (for the CLI: bad input).
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
        long bytes = doubles * 8 + 2L * RegionDescriptor.HEADER_LENGTH;
        Path dir = Regions.directory();
        // the file system the directory is (or will be) on: nothing is created for a check
        Path existing = dir.toAbsolutePath();
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        long usable;
        try {
            usable = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot check free space in " + dir + ": " + e.getMessage(), e);
        }
        if (bytes > usable) {
            return Optional.of(String.format("not enough space for %,d doubles: they need %s, %s has %s free",
                    doubles, Regions.human(bytes), dir, Regions.human(usable)));
        }
        long available = ProcessMemory.memAvailable();
        if (available > 0 && bytes > available) {
            return Optional.of(String.format("not enough memory for %,d doubles: they need %s, %s is available",
                    doubles, Regions.human(bytes), Regions.human(available)));
        }
        return Optional.empty();
    }
}
