package dev.shmc.shm.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.ShmTempDir;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Regions whose creator process is gone: killed (stale, reclaimed) or exited after keeping them. */
@Tag("slow")
class RegionLifecycleProcessTest {
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @ShmTempDir
    Path dir;

    private Path regionOfKilledCreator(String name) {
        ChildJvm creator = children.start(dir, RegionCreatorChild.class, name, "hold");
        creator.awaitLine("CREATED");
        Path file = dir.resolve(name + RegionDescriptor.FILE_SUFFIX);
        assertFalse(Regions.read(file).orElseThrow().stale(), "stale while its creator lives");
        creator.kill();
        return file;
    }

    @Test
    void shouldReclaimRegionWhoseCreatorWasKilled() {
        Path file = regionOfKilledCreator("orphan");
        Regions.RegionInfo info = Regions.read(file).orElseThrow();
        assertTrue(info.stale(), "stale once its creator is dead: " + info);

        List<Regions.RegionInfo> removed = Regions.reclaimStale(dir);

        assertEquals(List.of("orphan"), removed.stream().map(Regions.RegionInfo::name).toList());
        assertFalse(Files.exists(file));
    }

    @Test
    void shouldReclaimStaleRegionOfSameNameOnCreate() {
        Path file = regionOfKilledCreator("reborn");
        try (SharedRegion region = SharedRegion.create(dir, "reborn", RegionDescriptor.KIND_GENERIC, 4096)) {
            assertEquals(file, region.path());
            assertEquals(Processes.selfPid(), region.creatorPid());
            assertEquals(0L, region.payload().get(ValueLayout.JAVA_LONG, 0), "a fresh region, not the stale one's data");
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void shouldNotReclaimKeptRegionAfterCreatorExits() {
        children.start(dir, RegionCreatorChild.class, "kept", "keep").assertExitsNormally();
        Path file = dir.resolve("kept" + RegionDescriptor.FILE_SUFFIX);
        Regions.RegionInfo info = Regions.read(file).orElseThrow();
        assertTrue(info.kept());
        assertFalse(info.creatorAlive());
        assertFalse(info.stale());

        assertEquals(List.of(), Regions.reclaimStale(dir));

        try (SharedRegion region = SharedRegion.attach(file, false)) {
            assertEquals(42L, region.payload().get(ValueLayout.JAVA_LONG, 0), "the kept data");
            region.delete();
        }
        assertFalse(Files.exists(file));
    }
}
