package dev.shmc.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of tests whose regions (and those of the CLI they run in-process, and of the worker JVMs
 * they start, which inherit {@code shmc.*} properties) go to a private temp directory of their own:
 * points {@code shmc.dir} at it and restores the setting afterwards. JUnit deletes it, also when a
 * test fails.
 */
public abstract class TempRegionDirectory {
    @TempDir
    protected Path dir;

    private String previousDir;

    @BeforeEach
    void useTempRegionDirectory() {
        previousDir = System.setProperty("shmc.dir", dir.toString());
    }

    @AfterEach
    void restoreRegionDirectory() {
        if (previousDir == null) {
            System.clearProperty("shmc.dir");
        } else {
            System.setProperty("shmc.dir", previousDir);
        }
    }
}
