package dev.shmc.shm.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.support.ShmTempDir;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What is left on disk: nothing after close or an exception; kept regions stay; stale ones go. */
class RegionLifecycleTest {
    private static final long PIB = 1L << 50;

    @ShmTempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void shouldLeaveNoFileAfterClose() throws IOException {
        Path file;
        try (SharedRegion region = SharedRegion.create(dir, "closed", RegionDescriptor.KIND_GENERIC, 1 << 16)) {
            file = region.path();
            assertTrue(Files.exists(file));
        }
        assertFalse(Files.exists(file));
        assertEquals(List.of(), files());
    }

    @Test
    void shouldLeaveNoFileAfterExceptionInTryWithResources() throws IOException {
        assertThrows(IllegalStateException.class, () -> {
            try (SharedRegion region = SharedRegion.create(dir, "failed", RegionDescriptor.KIND_GENERIC, 1 << 16)) {
                region.payload().set(ValueLayout.JAVA_LONG, 0, 1L);
                throw new IllegalStateException("boom");
            }
        });
        assertEquals(List.of(), files());
    }

    @Test
    void shouldRefuseLiveRegionOfSameNameAsExists() {
        try (SharedRegion live = SharedRegion.create(dir, "taken", RegionDescriptor.KIND_GENERIC, 4096)) {
            RegionException e = assertThrows(RegionException.class,
                    () -> SharedRegion.create(dir, "taken", RegionDescriptor.KIND_GENERIC, 4096).close());
            assertEquals(RegionException.Reason.EXISTS, e.reason());
            assertTrue(e.getMessage().contains("taken") && e.getMessage().contains("already exists"), e.getMessage());
            assertTrue(Files.exists(live.path()), "the live region is untouched");
        }
    }

    @Test
    void shouldKeepKeptRegionUntilDeleted() throws IOException {
        Path file;
        try (SharedRegion region = SharedRegion.create(dir, "kept", RegionDescriptor.KIND_GENERIC, 4096)) {
            region.keep();
            file = region.path();
        }
        assertTrue(Files.exists(file));
        try (SharedRegion again = SharedRegion.attach(file, false)) {
            assertTrue(again.isKept());
            again.delete();
        }
        assertEquals(List.of(), files());
    }

    @Test
    void shouldNotReclaimLiveRegionsOrForeignFiles() throws IOException {
        Path foreign = Files.write(dir.resolve("foreign.region"), "not a region at all".repeat(400).getBytes());
        Path other = Files.write(dir.resolve("notes.txt"), new byte[] {1, 2, 3});
        try (SharedRegion live = SharedRegion.create(dir, "live", RegionDescriptor.KIND_GENERIC, 4096)) {
            assertEquals(List.of(), Regions.reclaimStale(dir));
            assertTrue(Files.exists(live.path()));
            assertTrue(Files.exists(foreign));
            assertTrue(Files.exists(other));
            assertFalse(Regions.read(live.path()).orElseThrow().stale());
        }
    }

    @Test
    void shouldCreateDirectoryWithMode0700AndFileWithMode0600() throws IOException {
        Path regions = dir.resolve("new-dir");
        try (SharedRegion region = SharedRegion.create(regions, "private", RegionDescriptor.KIND_GENERIC, 4096)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(regions)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(region.path())));
        }
    }

    @Test
    void shouldRefuseRegionLargerThanFreeSpaceNamingTheSize() throws IOException {
        long usable = Files.getFileStore(dir).getUsableSpace();
        assertTrue(PIB > usable, "this test needs a file system with less than 1 PiB free");
        RegionException e = assertThrows(RegionException.class,
                () -> SharedRegion.create(dir, "huge", RegionDescriptor.KIND_GENERIC, PIB).close());
        assertEquals(RegionException.Reason.NO_SPACE, e.reason());
        assertTrue(e.getMessage().contains("huge"), e.getMessage());
        assertTrue(e.getMessage().contains("1.0 PiB"), "names the size: " + e.getMessage());
        assertTrue(e.getMessage().contains("free"), "names the space left: " + e.getMessage());
        assertEquals(List.of(), files());
    }
}
