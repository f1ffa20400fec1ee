package dev.shmc.shm.region;

import static dev.shmc.shm.region.RegionDescriptor.HEADER_LENGTH;
import static dev.shmc.shm.region.RegionDescriptor.HEADER_LENGTH_OFFSET;
import static dev.shmc.shm.region.RegionDescriptor.MAGIC_OFFSET;
import static dev.shmc.shm.region.RegionDescriptor.PAYLOAD_LENGTH_OFFSET;
import static dev.shmc.shm.region.RegionDescriptor.VERSION_MAJOR;
import static dev.shmc.shm.region.RegionDescriptor.VERSION_MINOR;
import static dev.shmc.shm.region.RegionDescriptor.VERSION_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import dev.shmc.shm.support.ShmTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Attaching refuses every file that is not a complete shmc region of a readable version, clearly. */
class RegionAttachTest {
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    @ShmTempDir
    Path dir;

    private static RegionException attachFails(Path file, RegionException.Reason reason, String... phrases) {
        RegionException e = assertThrows(RegionException.class, () -> SharedRegion.attach(file, false).close());
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "says '" + phrase + "': " + e.getMessage());
        }
        return e;
    }

    @Test
    void shouldAttachToValidRegion() {
        Path file = RegionFiles.keptRegion(dir, "valid", 8192);
        try (SharedRegion region = SharedRegion.attach(file, false)) {
            assertEquals("valid", region.name());
            assertEquals(8192, region.payloadLength());
        }
    }

    @Test
    void shouldRefuseTruncatedPayload() {
        Path file = RegionFiles.keptRegion(dir, "cut", 8192);
        RegionFiles.truncate(file, HEADER_LENGTH + 100);
        attachFails(file, RegionException.Reason.BAD_FILE, "truncated", Long.toString(HEADER_LENGTH + 8192L),
                Long.toString(HEADER_LENGTH + 100L));
    }

    @Test
    void shouldRefuseFileShorterThanHeader() {
        Path file = RegionFiles.keptRegion(dir, "stub", 8192);
        RegionFiles.truncate(file, 100);
        attachFails(file, RegionException.Reason.BAD_FILE, "truncated or not a shmc region", "100 bytes");
    }

    @Test
    void shouldRefuseEmptyFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.region"));
        attachFails(file, RegionException.Reason.BAD_FILE, "0 bytes");
    }

    @Test
    void shouldRefuseFileWithWrongMagic() {
        Path file = RegionFiles.keptRegion(dir, "foreign", 8192);
        RegionFiles.writeLong(file, MAGIC_OFFSET, 0x2145_4E47_4945_524FL); // "OREIGNE!"
        attachFails(file, RegionException.Reason.BAD_FILE, "not a shmc region", "wrong magic");
    }

    @Test
    void shouldRefuseNewerMajorVersion() {
        Path file = RegionFiles.keptRegion(dir, "future", 8192);
        RegionFiles.writeInt(file, VERSION_OFFSET, (VERSION_MAJOR + 1) << 16);
        attachFails(file, RegionException.Reason.BAD_FILE, "layout version " + (VERSION_MAJOR + 1) + ".0",
                "major version " + VERSION_MAJOR);
    }

    /** A newer major may change the header itself; the refusal must still name the version, not "corrupt". */
    @Test
    void shouldRefuseNewerMajorVersionWhoseHeaderLayoutDiffers() {
        Path file = RegionFiles.keptRegion(dir, "future-layout", 8192);
        RegionFiles.writeInt(file, VERSION_OFFSET, (VERSION_MAJOR + 1) << 16 | 3);
        RegionFiles.writeLong(file, HEADER_LENGTH_OFFSET, 2 * HEADER_LENGTH);
        RegionFiles.writeLong(file, PAYLOAD_LENGTH_OFFSET, -1);
        attachFails(file, RegionException.Reason.BAD_FILE, "layout version " + (VERSION_MAJOR + 1) + ".3");
    }

    @Test
    void shouldAttachToNewerMinorVersion() {
        Path file = RegionFiles.keptRegion(dir, "minor", 8192);
        int newerMinor = VERSION_MAJOR << 16 | (VERSION_MINOR + 1);
        RegionFiles.writeInt(file, VERSION_OFFSET, newerMinor);
        try (SharedRegion region = SharedRegion.attach(file, true)) {
            assertEquals(newerMinor, region.version());
        }
    }

    @Test
    void shouldRefuseCorruptHeader() {
        Path file = RegionFiles.keptRegion(dir, "corrupt", 8192);
        RegionFiles.writeLong(file, PAYLOAD_LENGTH_OFFSET, -4096);
        attachFails(file, RegionException.Reason.BAD_FILE, "corrupt header");
    }

    @Test
    void shouldRefuseOldFileWhoseCreatorNeverPublishedIt() {
        Path file = RegionFiles.keptRegion(dir, "unfinished", 8192);
        RegionFiles.writeInt(file, VERSION_OFFSET, 0);
        RegionFiles.age(file, Duration.ofHours(1));
        attachFails(file, RegionException.Reason.BAD_FILE, "never finished by its creator");
    }

    @Test
    void shouldReportMissingFileAsNotFound() {
        attachFails(dir.resolve("absent.region"), RegionException.Reason.NOT_FOUND, "no region");
    }

    @Test
    void shouldReportMissingNameAsNotFound() {
        String previous = System.setProperty("shmc.dir", dir.toString());
        try {
            RegionException e = assertThrows(RegionException.class, () -> SharedRegion.attach("absent"));
            assertEquals(RegionException.Reason.NOT_FOUND, e.reason());
            assertTrue(e.getMessage().contains("absent"), e.getMessage());
        } finally {
            restore(previous);
        }
    }

    private static void restore(String previousDir) {
        if (previousDir == null) {
            System.clearProperty("shmc.dir");
        } else {
            System.setProperty("shmc.dir", previousDir);
        }
    }

    /** An attacher that comes while the creator is still writing the header waits for the version. */
    @Test
    @Tag("slow")
    void shouldWaitForCreatorToPublishHeader() {
        Path file = RegionFiles.keptRegion(dir, "publishing", 8192);
        RegionFiles.writeInt(file, VERSION_OFFSET, 0);
        // a generous deadline in the child: the test publishes only after the child is waiting
        ChildJvm attacher = children.start(dir, List.of("-Dshmc.attachDeadlineMs=60000"), AttachWaiterChild.class, file.toString());
        attacher.awaitLine("WAITING_FOR_HEADER");

        RegionFiles.writeInt(file, VERSION_OFFSET, RegionDescriptor.VERSION);

        attacher.assertExitsNormally();
        assertTrue(attacher.output().contains("ATTACHED publishing"), attacher.report());
    }
}
