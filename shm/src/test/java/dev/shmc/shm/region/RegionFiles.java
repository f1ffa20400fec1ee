package dev.shmc.shm.region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/** Making and damaging region files on purpose, with plain file I/O (no mapping). */
final class RegionFiles {
    private RegionFiles() {
    }

    /** A valid, kept region file {@code dir/name.region} with a payload of {@code payload} bytes, not mapped. */
    static Path keptRegion(Path dir, String name, long payload) {
        try (SharedRegion region = SharedRegion.create(dir, name, RegionDescriptor.KIND_GENERIC, payload)) {
            region.keep();
            return region.path();
        }
    }

    static void writeInt(Path file, long offset, int value) {
        write(file, offset, ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(0, value));
    }

    static void writeLong(Path file, long offset, long value) {
        write(file, offset, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(0, value));
    }

    private static void write(Path file, long offset, ByteBuffer bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes, offset + bytes.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncate(Path file, long length) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code file} look written {@code age} ago. */
    static void age(Path file, Duration age) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
