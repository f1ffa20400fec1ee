package dev.shmc.shm.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.shm.support.ShmTempDir;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A region's space is reserved when it is created: a file system that fills up afterwards (another
 * process, another region) cannot make a write to the mapping fault. Runs on a small tmpfs that the
 * test mounts, so as root (as CI does).
 */
@Timeout(60)
class ReservedSpaceTest {
    private static final long MIB = 1 << 20;

    @ShmTempDir
    Path base;

    private Path mount;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        assumeTrue(OwnedPaths.currentUid() == 0, "needs root to mount a tmpfs, as in CI");
        mount = Files.createDirectory(base.resolve("small"));
        int rc = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", mount.toString())
                .redirectErrorStream(true).start().waitFor();
        assumeTrue(rc == 0, "mount -t tmpfs failed (no privilege here)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).redirectErrorStream(true).start().waitFor();
        }
    }

    /** Writes to {@code file} until the file system is full; returns the bytes written. */
    private static long fillUp(Path file) {
        byte[] block = new byte[(int) MIB];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            return written;
        }
    }

    @Test
    void shouldWriteEveryPageOfARegionAfterItsFileSystemFilledUp() {
        long payload = 8 * MIB;
        try (SharedRegion region = SharedRegion.create(mount, "early", RegionDescriptor.KIND_GENERIC, payload)) {
            long filler = fillUp(mount.resolve("filler"));
            assertTrue(filler < 8 * MIB, "the filler found the region's space taken: " + filler + " bytes");
            // a sparse region faulted here (SIGBUS: InternalError "a fault occurred in an unsafe memory access operation")
            for (long off = 0; off < payload; off += 4096) {
                region.payload().set(ValueLayout.JAVA_LONG, off, off + 1);
            }
            for (long off = 0; off < payload; off += 4096) {
                assertEquals(off + 1, region.payload().get(ValueLayout.JAVA_LONG, off));
            }
        }
    }

    @Test
    void shouldRefuseARegionTheFileSystemCannotHoldWithTheSizes() throws IOException {
        fillUp(mount.resolve("filler"));
        RegionException e = assertThrows(RegionException.class,
                () -> SharedRegion.create(mount, "late", RegionDescriptor.KIND_GENERIC, 4 * MIB).close());
        assertEquals(RegionException.Reason.NO_SPACE, e.reason());
        assertTrue(e.getMessage().contains(mount.toString()) && e.getMessage().contains("needs 4.0 MiB"), e.getMessage());
        try (var files = Files.list(mount)) {
            assertEquals(1, files.count(), "no half-made region is left");
        }
    }
}
