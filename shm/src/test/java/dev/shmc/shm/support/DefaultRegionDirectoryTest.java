package dev.shmc.shm.support;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of tests that use APIs creating regions by name in the default directory (such as
 * {@code SharedLongArray.create}): points {@code shmc.dir} at this test's own temp directory, which
 * {@code ShmConfig.defaultDirectory()} reads on every call, and restores it afterwards.
 */
public abstract class DefaultRegionDirectoryTest {
    @ShmTempDir
    protected Path dir;

    private String previous;

    @BeforeEach
    void pointDefaultDirectoryAtTempDir() {
        previous = System.setProperty("shmc.dir", dir.toString());
    }

    @AfterEach
    void restoreDefaultDirectory() {
        if (previous == null) {
            System.clearProperty("shmc.dir");
        } else {
            System.setProperty("shmc.dir", previous);
        }
    }
}
