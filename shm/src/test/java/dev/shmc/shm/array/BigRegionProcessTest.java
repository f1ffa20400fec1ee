package dev.shmc.shm.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.DefaultRegionDirectoryTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An 8 GiB region: sparse on tmpfs, addressable to its last element, shared with another process. */
@Tag("slow")
class BigRegionProcessTest extends DefaultRegionDirectoryTest {
    private static final long GIB = 1L << 30;
    private static final long LENGTH = 8 * GIB / Long.BYTES;

    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @Test
    void shouldRoundTripNearStartAndEndOfSparse8GiBRegion() throws IOException {
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > 8 * GIB + RegionDescriptor.HEADER_LENGTH,
                "the region file system has less than 8 GiB free: " + Regions.human(Files.getFileStore(dir).getUsableSpace()));
        Path file;
        try (SharedLongArray array = SharedLongArray.create("big", LENGTH)) {
            file = array.region().path();
            // the npy layout: a .npy preamble, the data, the header in the last page
            assertEquals(RegionDescriptor.NPY_PREAMBLE_LENGTH + 8 * GIB + RegionDescriptor.HEADER_LENGTH, Files.size(file));
            array.set(0, 11);
            array.set(1, 12);
            array.set(LENGTH / 2, 13);
            array.set(LENGTH - 2, 14);
            array.set(LENGTH - 1, Long.MIN_VALUE);
            assertEquals(11, array.get(0));
            assertEquals(Long.MIN_VALUE, array.get(LENGTH - 1));
            assertEquals(0, array.get(LENGTH - 3), "untouched pages read as zero");

            ChildJvm reader = children.start(dir, LongArrayCheckChild.class, "big", Long.toString(LENGTH), "0=11", "1=12",
                    LENGTH / 2 + "=13", (LENGTH - 2) + "=14", (LENGTH - 1) + "=" + Long.MIN_VALUE, (LENGTH - 3) + "=0");
            reader.assertExitsNormally();
            assertTrue(reader.output().contains("CHECKED 6 elements"), reader.report());
        }
        assertFalse(Files.exists(file), "the 8 GiB file is gone after close");
    }
}
