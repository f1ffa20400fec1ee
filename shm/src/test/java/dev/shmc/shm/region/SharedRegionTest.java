package dev.shmc.shm.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.support.ShmTempDir;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Creating, attaching and closing a {@link SharedRegion} in one JVM. */
class SharedRegionTest {
    @ShmTempDir
    Path dir;

    @Test
    void shouldPublishCompleteHeaderOnCreate() {
        long before = System.currentTimeMillis();
        try (SharedRegion region = SharedRegion.create(dir, "header", RegionDescriptor.KIND_SYNC, 10_000)) {
            MemorySegment header = region.header();
            assertEquals(RegionDescriptor.MAGIC, header.get(ValueLayout.JAVA_LONG, RegionDescriptor.MAGIC_OFFSET));
            assertEquals(RegionDescriptor.VERSION, region.version());
            assertEquals(RegionDescriptor.KIND_SYNC, region.kind());
            assertEquals(RegionDescriptor.HEADER_LENGTH, header.get(ValueLayout.JAVA_LONG, RegionDescriptor.HEADER_LENGTH_OFFSET));
            assertEquals(10_000, region.payloadLength());
            assertEquals(Processes.selfPid(), region.creatorPid());
            assertEquals(Processes.selfStartMillis(), region.creatorStartMillis());
            assertTrue(region.createdAtMillis() >= before, "created at " + region.createdAtMillis());
            assertEquals("header", region.name());
            assertEquals(dir.resolve("header" + RegionDescriptor.FILE_SUFFIX), region.path());
            assertTrue(region.isOwner());
            assertFalse(region.isKept());
            assertEquals(RegionDescriptor.HEADER_LENGTH + 10_000L, region.path().toFile().length());
        }
    }

    @Test
    void shouldStartWithZeroedPageAlignedPayload() {
        try (SharedRegion region = SharedRegion.create(dir, "zeros", RegionDescriptor.KIND_GENERIC, 3 * 4096 + 17)) {
            MemorySegment payload = region.payload();
            assertEquals(0, payload.address() % 4096, "payload page aligned");
            assertArrayEquals(new byte[(int) payload.byteSize()], payload.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void shouldCreateRegionWithEmptyPayload() {
        try (SharedRegion region = SharedRegion.create(dir, "empty", RegionDescriptor.KIND_GENERIC, 0);
             SharedRegion attached = SharedRegion.attach(region.path(), false)) {
            assertEquals(0, attached.payloadLength());
        }
    }

    @Test
    void shouldFillMetadataBeforePublishingHeader() {
        Path file = dir.resolve("meta" + RegionDescriptor.FILE_SUFFIX);
        int[] versionSeenByWriter = {-1};
        try (SharedRegion region = SharedRegion.create(dir, "meta", RegionDescriptor.KIND_ARRAY, 64, metadata -> {
            versionSeenByWriter[0] = versionInFile(file);
            metadata.set(ValueLayout.JAVA_LONG, 8, 1234L);
        })) {
            assertEquals(0, versionSeenByWriter[0], "version while the metadata was written: not yet published");
            assertEquals(1234L, region.metadata().get(ValueLayout.JAVA_LONG, 8));
            assertEquals(RegionDescriptor.VERSION, region.version());
        }
    }

    /** The header's version field as the file holds it (a listing skips a region still being published). */
    private static int versionInFile(Path file) {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder());
            ch.read(b, RegionDescriptor.VERSION_OFFSET);
            return b.getInt(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldShareWritesWithAttachedHandle() {
        try (SharedRegion creator = SharedRegion.create(dir, "shared", RegionDescriptor.KIND_GENERIC, 1 << 20);
             SharedRegion attacher = SharedRegion.attach(creator.path(), false)) {
            creator.payload().set(ValueLayout.JAVA_LONG, 8, 77L);
            attacher.payload().set(ValueLayout.JAVA_LONG, (1 << 20) - 8, 88L);
            assertEquals(77L, attacher.payload().get(ValueLayout.JAVA_LONG, 8));
            assertEquals(88L, creator.payload().get(ValueLayout.JAVA_LONG, (1 << 20) - 8));
            assertFalse(attacher.isOwner());
            assertEquals("shared", attacher.name());
            assertEquals(creator.creatorPid(), attacher.creatorPid());
        }
    }

    @Test
    void shouldRefuseWritesThroughReadOnlyAttachment() {
        try (SharedRegion creator = SharedRegion.create(dir, "readonly", RegionDescriptor.KIND_GENERIC, 4096);
             SharedRegion reader = SharedRegion.attach(creator.path(), true)) {
            creator.payload().set(ValueLayout.JAVA_LONG, 0, 5L);
            assertTrue(reader.isReadOnly());
            assertEquals(5L, reader.payload().get(ValueLayout.JAVA_LONG, 0));
            assertThrows(IllegalArgumentException.class, () -> reader.payload().set(ValueLayout.JAVA_LONG, 0, 6L));
        }
    }

    @Test
    void shouldUnmapOnClose() {
        SharedRegion region = SharedRegion.create(dir, "unmap", RegionDescriptor.KIND_GENERIC, 4096);
        MemorySegment payload = region.payload();
        region.close();
        assertTrue(region.isClosed());
        assertFalse(payload.scope().isAlive(), "mapping released at close, not at GC");
        assertThrows(IllegalStateException.class, () -> payload.get(ValueLayout.JAVA_LONG, 0));
    }

    @Test
    void shouldCloseIdempotently() {
        SharedRegion region = SharedRegion.create(dir, "twice", RegionDescriptor.KIND_GENERIC, 4096);
        region.close();
        region.close();
        assertFalse(Files.exists(region.path()));
    }

    @Test
    void shouldKeepFileWhenAttachedHandleCloses() {
        try (SharedRegion creator = SharedRegion.create(dir, "attacher-closes", RegionDescriptor.KIND_GENERIC, 4096)) {
            SharedRegion.attach(creator.path(), false).close();
            assertTrue(Files.exists(creator.path()), "only the creator deletes");
        }
    }

    @Test
    void shouldRejectNegativeSize() {
        assertThrows(IllegalArgumentException.class, () -> SharedRegion.create(dir, "negative", RegionDescriptor.KIND_GENERIC, -1));
    }
}
