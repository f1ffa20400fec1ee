package dev.shmc.shm.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.shm.ShmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default region directory and its fallback directory as one namespace (the fallback made
 * here with {@code -Dshmc.fallbackDir}; SmallShmTest fills a real small /dev/shm): a name held in
 * one is in use in the other, attach by name finds it in either, and a directory of one's own
 * keeps its names to itself.
 */
class FallbackDirectoryTest {
    @TempDir
    Path fallback;

    @TempDir
    Path own;

    private final String name = "fallback-test-" + Processes.selfPid() + "-" + System.nanoTime();

    @BeforeEach
    void useTheDefaultDirectoryWithATemporaryFallback() {
        assumeTrue(ShmConfig.configuredDirectory() == null, "a configured region directory has no fallback");
        System.setProperty(ShmConfig.FALLBACK_DIRECTORY_PROPERTY, fallback.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(ShmConfig.FALLBACK_DIRECTORY_PROPERTY);
    }

    @Test
    void shouldFindARegionOfTheFallbackDirectoryByNameAndKeepItsNameInUse() {
        assertEquals(fallback, Regions.fallbackDirectory());
        try (SharedRegion there = SharedRegion.create(fallback, name, RegionDescriptor.KIND_GENERIC, 64)) {
            assertEquals(fallback.resolve(name + RegionDescriptor.FILE_SUFFIX), Regions.locate(name));
            try (SharedRegion attached = SharedRegion.attach(name)) {
                assertEquals(there.path(), attached.path());
            }
            RegionException e = assertThrows(RegionException.class, () -> SharedRegion.create(name, RegionDescriptor.KIND_GENERIC, 64));
            assertEquals(RegionException.Reason.EXISTS, e.reason(), e.getMessage());
            assertTrue(Regions.listAll().stream().anyMatch(l -> l.directory().equals(fallback)
                    && l.regions().stream().anyMatch(r -> r.name().equals(name))), "listed with the fallback directory");
        }
        assertTrue(Files.notExists(fallback.resolve(name + RegionDescriptor.FILE_SUFFIX)));
    }

    @Test
    void shouldKeepTheNamesOfADirectoryOfItsOwnToItself() {
        try (SharedRegion inDefault = SharedRegion.create(name, RegionDescriptor.KIND_GENERIC, 64);
             SharedRegion inOwn = SharedRegion.create(own, name, RegionDescriptor.KIND_GENERIC, 64)) {
            assertEquals(Regions.directory(), inDefault.path().getParent());
            assertEquals(own, inOwn.path().getParent());
        }
    }

    @Test
    void shouldSkipAFallbackDirectoryThatIsNotOursUnopened() throws Exception {
        java.nio.file.Files.setPosixFilePermissions(fallback, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        java.util.List<Regions.Listing> all = Regions.listAll();
        Regions.Listing there = all.stream().filter(l -> l.directory().equals(fallback)).findFirst().orElseThrow();
        assertTrue(there.regions().isEmpty());
        assertTrue(there.skipped().getFirst().reason().contains("other users may use it"), there.toString());
        assertTrue(Regions.reclaimStale(fallback).isEmpty(), "nothing in it is touched");
    }
}
