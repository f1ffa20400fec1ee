package dev.shmc.shm.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.support.ShmTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Only our own directories and files: another user's directory, one others may write, a link, a
 * FIFO or a foreign file is refused or skipped without being opened. The tests that need another
 * owner chown to {@code nobody}, so they run as root (as CI does).
 */
@Timeout(60)
class OwnershipTest {
    @ShmTempDir
    Path base;

    private String previousDir;

    @AfterEach
    void restore() {
        if (previousDir == null) {
            System.clearProperty(ShmConfig.DIRECTORY_PROPERTY);
        } else {
            System.setProperty(ShmConfig.DIRECTORY_PROPERTY, previousDir);
        }
    }

    private void useDirectory(Path dir) {
        previousDir = System.setProperty(ShmConfig.DIRECTORY_PROPERTY, dir.toString());
    }

    private static void assumeRoot() {
        assumeTrue(OwnedPaths.currentUid() == 0, "needs root (to chown to nobody), as in CI");
    }

    private static void chownToNobody(Path p) throws IOException {
        UserPrincipal nobody = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(p, nobody);
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void shouldRefuseARegionDirectoryOwnedByAnotherUser() throws IOException {
        assumeRoot();
        Path dir = Files.createDirectory(base.resolve("theirs"));
        chownToNobody(dir);
        useDirectory(dir);
        RegionException e = assertThrows(RegionException.class, () -> SharedRegion.create("victim", RegionDescriptor.KIND_GENERIC, 4096));
        assertEquals(RegionException.Reason.NOT_OURS, e.reason());
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("belongs to uid 65534"), e.getMessage());
        assertEquals(List.of(), entries(dir), "nothing was written into it");
    }

    @Test
    void shouldRefuseARegionDirectoryThatOthersMayWrite() throws IOException {
        Path dir = Files.createDirectory(base.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        useDirectory(dir);
        RegionException e = assertThrows(RegionException.class, () -> SharedRegion.create("victim", RegionDescriptor.KIND_GENERIC, 4096));
        assertEquals(RegionException.Reason.NOT_OURS, e.reason());
        assertTrue(e.getMessage().contains("drwxrwxrwx"), e.getMessage());
        assertFalse(e.isBadInput(), "a runtime failure (exit 1), not bad input");
        assertEquals(List.of(), entries(dir));
        assertThrows(RegionException.class, () -> Regions.list(dir), "not even listed");
    }

    @Test
    void shouldRefuseARegionDirectoryThatIsASymbolicLink() throws IOException {
        Path target = Files.createDirectory(base.resolve("target"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(base.resolve("link"), target);
        useDirectory(link);
        RegionException e = assertThrows(RegionException.class, () -> SharedRegion.create("victim", RegionDescriptor.KIND_GENERIC, 4096));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(List.of(), entries(target));
    }

    @Test
    void shouldUseAFreshPrivateDirectoryWhenTheDefaultNameIsTaken() throws IOException {
        assumeRoot();
        String previousUser = System.getProperty("user.name");
        String user = "trusttest" + ProcessHandle.current().pid();
        Path taken = ShmConfig.defaultParent().resolve("shmc-" + user);
        System.setProperty("user.name", user);
        System.clearProperty(ShmConfig.DIRECTORY_PROPERTY);
        Path used = null;
        try {
            Files.createDirectory(taken);
            Files.setPosixFilePermissions(taken, PosixFilePermissions.fromString("rwxrwxrwx"));
            chownToNobody(taken);
            try (SharedRegion region = SharedRegion.create("mine", RegionDescriptor.KIND_GENERIC, 4096)) {
                used = region.path().getParent();
                assertTrue(used.getFileName().toString().matches("shmc-" + user + "-[0-9a-f]{8}"), used.toString());
                assertTrue(OwnedPaths.isPrivateDirectory(used));
                assertEquals(used, Regions.directory(), "later calls find the same directory");
                try (SharedRegion attached = SharedRegion.attach("mine")) {
                    assertEquals(region.path(), attached.path());
                }
                assertEquals(List.of(), entries(taken), "the other user's directory was not written into");
            }
            assertFalse(Files.exists(used), "removed when its last region went");
        } finally {
            System.setProperty("user.name", previousUser);
            Files.deleteIfExists(taken);
            if (used != null) {
                Files.deleteIfExists(used);
            }
        }
    }

    @Test
    void shouldSkipAFifoAndADirectoryNamedLikeRegionsWithoutOpeningThem() throws Exception {
        Path dir = Files.createDirectory(base.resolve("regions"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path fifo = dir.resolve("pipe" + RegionDescriptor.FILE_SUFFIX);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Files.createDirectory(dir.resolve("folder" + RegionDescriptor.FILE_SUFFIX));
        try (SharedRegion real = SharedRegion.create(dir, "real", RegionDescriptor.KIND_GENERIC, 4096)) {
            // each of these opened the FIFO for reading before, and blocked forever
            Regions.Listing listing = Regions.list(dir);
            assertEquals(List.of("real"), listing.regions().stream().map(Regions.RegionInfo::name).toList());
            assertEquals(2, listing.skipped().size(), listing.skipped().toString());
            assertTrue(listing.skipped().stream().anyMatch(s -> s.reason().contains("is a FIFO")), listing.skipped().toString());
            assertTrue(listing.skipped().stream().anyMatch(s -> s.reason().contains("is a directory")), listing.skipped().toString());
            assertEquals(List.of(), Regions.reclaimStale(dir));
            RegionException e = assertThrows(RegionException.class, () -> SharedRegion.attach(fifo, true));
            assertEquals(RegionException.Reason.BAD_FILE, e.reason());
            assertTrue(e.getMessage().contains("is a FIFO"), e.getMessage());
            try (SharedRegion again = SharedRegion.create(dir, "second", RegionDescriptor.KIND_GENERIC, 4096)) {
                assertTrue(Files.exists(again.path()));
            }
        }
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), "other files are left alone");
    }

    @Test
    void shouldRefuseARegionFileThatIsALinkOrAnotherUsersFile() throws IOException {
        Path dir = Files.createDirectory(base.resolve("regions"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (SharedRegion real = SharedRegion.create(dir, "real", RegionDescriptor.KIND_GENERIC, 4096)) {
            Path link = Files.createSymbolicLink(dir.resolve("alias" + RegionDescriptor.FILE_SUFFIX), real.path());
            RegionException e = assertThrows(RegionException.class, () -> SharedRegion.attach(link, false));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            assertTrue(Regions.list(dir).skipped().stream().anyMatch(s -> s.path().equals(link)));
            if (OwnedPaths.currentUid() == 0) {
                Path foreign = dir.resolve("foreign" + RegionDescriptor.FILE_SUFFIX);
                Files.copy(real.path(), foreign);
                chownToNobody(foreign);
                RegionException f = assertThrows(RegionException.class, () -> SharedRegion.attach(foreign, false));
                assertTrue(f.getMessage().contains("belongs to uid 65534"), f.getMessage());
                assertTrue(Regions.list(dir).skipped().stream().anyMatch(s -> s.path().equals(foreign)));
                Files.delete(foreign);
            }
            Files.delete(link);
        }
    }

    @Test
    void shouldNameRegionsByTheirFileAndReportDamagedHeaders() throws IOException {
        Path dir = Files.createDirectory(base.resolve("regions"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (SharedRegion src = SharedRegion.create(dir, "src1", RegionDescriptor.KIND_GENERIC, 8192)) {
            Path copy = dir.resolve("copy" + RegionDescriptor.FILE_SUFFIX);
            Files.copy(src.path(), copy);
            Path damaged = dir.resolve("damaged" + RegionDescriptor.FILE_SUFFIX);
            Files.copy(src.path(), damaged);
            try (var ch = java.nio.channels.FileChannel.open(damaged, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putLong(0, 1L << 40);
                ch.write(b, RegionDescriptor.PAYLOAD_LENGTH_OFFSET);
            }
            Regions.Listing listing = Regions.list(dir);
            assertEquals(List.of("copy", "damaged", "src1"), listing.regions().stream().map(Regions.RegionInfo::name).toList());
            Regions.RegionInfo c = listing.regions().get(0);
            assertEquals("src1", c.headerName());
            assertEquals(8192, c.payloadLength());
            Regions.RegionInfo d = listing.regions().get(1);
            assertNotNull(d.damage());
            assertTrue(d.damage().contains("the file has " + (8192 + RegionDescriptor.HEADER_LENGTH)), d.damage());
            assertEquals(-1, d.payloadLength(), "no garbage size");
            RegionException e = assertThrows(RegionException.class, () -> SharedRegion.attach(damaged, true));
            assertEquals(RegionException.Reason.BAD_FILE, e.reason());
            Files.delete(copy);
            Files.delete(damaged);
        }
    }
}
