package dev.shmc.shm.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.support.DefaultRegionDirectoryTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Array regions as .npy files: the preamble numpy reads, the header in the last page, the data
 * where the preamble says; foreign and truncated .npy files refused; classic-layout array regions
 * (made before the npy layout) still attached.
 */
class NpyLayoutTest extends DefaultRegionDirectoryTest {
    @Test
    void shouldStartAnArrayRegionWithANpyHeaderThatDescribesItsData() throws IOException {
        try (SharedDoubleArray a = SharedDoubleArray.create("npy", 1000)) {
            a.set(0, 1.5);
            a.set(999, -2.25);
            Path file = a.region().path();
            byte[] bytes = Files.readAllBytes(file);
            assertTrue(RegionDescriptor.isNpy(bytes), "starts with the .npy magic");
            assertEquals(1, bytes[6], "format version 1.0");
            int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
            assertEquals(RegionDescriptor.NPY_PREAMBLE_LENGTH, 10 + headerLength, "the data starts on the second page");
            String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
            assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (1000,), }", header.strip());
            assertTrue(header.endsWith("\n"), "the header ends with a newline");
            ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1.5, data.getDouble(RegionDescriptor.NPY_PREAMBLE_LENGTH));
            assertEquals(-2.25, data.getDouble(RegionDescriptor.NPY_PREAMBLE_LENGTH + 999 * 8));
            assertEquals(RegionDescriptor.NPY_PREAMBLE_LENGTH + 2 * RegionDescriptor.PAGE + RegionDescriptor.HEADER_LENGTH, bytes.length,
                    "8000 bytes of data round up to two pages");
            assertEquals(RegionDescriptor.MAGIC, data.getLong(bytes.length - RegionDescriptor.HEADER_LENGTH), "the header is the last page");
            assertTrue(a.region().isNpyFile());
        }
    }

    @Test
    void shouldDescribeEachElementTypeToNumpy() {
        try (SharedLongArray l = SharedLongArray.create("l", 3); SharedIntArray i = SharedIntArray.create("i", 5)) {
            assertTrue(preamble(l.region()).contains("'descr': '<i8'") && preamble(l.region()).contains("'shape': (3,)"));
            assertTrue(preamble(i.region()).contains("'descr': '<i4'") && preamble(i.region()).contains("'shape': (5,)"));
        }
    }

    private static String preamble(SharedRegion r) {
        try {
            return new String(Arrays.copyOf(Files.readAllBytes(r.path()), RegionDescriptor.NPY_PREAMBLE_LENGTH), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldAttachAndListAnNpyLayoutArrayFromItsTrailingHeader() {
        try (SharedDoubleArray a = SharedDoubleArray.create("listed", 4096)) {
            a.keep();
            a.set(7, 7.0);
        }
        try (SharedDoubleArray b = SharedDoubleArray.attach("listed")) {
            assertEquals(4096, b.length());
            assertEquals(7.0, b.get(7));
            assertEquals("listed", b.region().name());
            Regions.RegionInfo info = Regions.list(dir).regions().getFirst();
            assertEquals("listed", info.headerName());
            assertEquals(4096 * 8, info.payloadLength(), info::toString);
            assertEquals(null, info.damage());
            b.region().delete();
        }
    }

    @Test
    void shouldRefuseANpyFileShmcDidNotMake() throws IOException {
        Path file = dir.resolve("foreign.region");
        byte[] npy = NpyPreamble.of(ElementType.DOUBLE, 2048);
        byte[] bytes = Arrays.copyOf(npy, npy.length + 2048 * 8 + 4096);
        Arrays.fill(bytes, npy.length, bytes.length, (byte) 7);
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        RegionException e = assertThrows(RegionException.class, () -> SharedDoubleArray.attach("foreign"));
        assertEquals(RegionException.Reason.BAD_FILE, e.reason());
        assertTrue(e.getMessage().contains("a .npy file that shmc did not make"), e.getMessage());
        assertTrue(Regions.list(dir).skipped().getFirst().reason().contains("no shmc magic"), "listed as not a region");
    }

    @Test
    void shouldRefuseATruncatedNpyLayoutArray() throws IOException {
        Path file;
        try (SharedDoubleArray a = SharedDoubleArray.create("cut", 10_000)) {
            a.keep();
            file = a.region().path();
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - RegionDescriptor.PAGE); // the data's last page gone: the header's page moved up
        }
        RegionException e = assertThrows(RegionException.class, () -> SharedDoubleArray.attach("cut"));
        assertEquals(RegionException.Reason.BAD_FILE, e.reason(), e.getMessage());
        Files.delete(file);
    }

    @Test
    void shouldStillAttachAClassicLayoutArrayRegion() {
        // as shmc made array regions before the npy layout: the header first, the data after it
        try (SharedRegion r = SharedRegion.create(dir, "old", RegionDescriptor.KIND_ARRAY, 16 * 8, metadata -> {
            metadata.set(ValueLayout.JAVA_INT, SharedArray.TYPE_OFFSET, ElementType.DOUBLE.code);
            metadata.set(ValueLayout.JAVA_LONG, SharedArray.LENGTH_OFFSET, 16L);
        })) {
            r.payload().setAtIndex(ValueLayout.JAVA_DOUBLE, 3, 3.5);
            try (SharedDoubleArray a = SharedDoubleArray.attach("old")) {
                assertEquals(16, a.length());
                assertEquals(3.5, a.get(3));
                assertTrue(!a.region().isNpyFile());
            }
        }
    }
}
