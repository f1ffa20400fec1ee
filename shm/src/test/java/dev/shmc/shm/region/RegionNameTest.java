package dev.shmc.shm.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.support.ShmTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Region names cannot escape the region directory, hide, or be empty or overlong. */
class RegionNameTest {
    @ShmTempDir
    Path dir;

    static Stream<String> invalidNames() {
        return Stream.of("", "..", "../escape", "a/b", "/etc/passwd", "a..b", ".hidden", "sp ace", "tab\t",
                "x".repeat(ShmConfig.MAX_NAME_LENGTH + 1));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void shouldRejectInvalidNameOnCreate(String name) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedRegion.create(dir, name, RegionDescriptor.KIND_GENERIC, 64).close());
        assertTrue(e.getMessage().contains("region name"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing created");
        }
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void shouldRejectInvalidNameOnAttach(String name) {
        assertThrows(IllegalArgumentException.class, () -> SharedRegion.attach(name).close());
    }

    @Test
    void shouldSayWhyNameIsTooLong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regions.validateName("x".repeat(ShmConfig.MAX_NAME_LENGTH + 1)));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(ShmConfig.MAX_NAME_LENGTH)), e.getMessage());
    }

    @Test
    void shouldAcceptNameOfMaximumLength() {
        String name = "n".repeat(ShmConfig.MAX_NAME_LENGTH);
        try (SharedRegion region = SharedRegion.create(dir, name, RegionDescriptor.KIND_GENERIC, 64)) {
            assertEquals(name, region.name());
            assertTrue(Files.exists(region.path()));
        }
        assertFalse(Files.exists(dir.resolve(name + RegionDescriptor.FILE_SUFFIX)));
    }
}
