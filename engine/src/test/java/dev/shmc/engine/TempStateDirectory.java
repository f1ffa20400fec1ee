package dev.shmc.engine;

import dev.shmc.engine.config.StateDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of tests whose job registry goes to a private temp state directory of their own: points
 * {@value StateDirectory#PROPERTY} at it and restores the setting afterwards.
 */
public abstract class TempStateDirectory {
    @TempDir
    protected Path state;

    private String oldStateDir;

    @BeforeEach
    void useTempStateDirectory() {
        oldStateDir = System.setProperty(StateDirectory.PROPERTY, state.toString());
    }

    @AfterEach
    void restoreStateDirectory() {
        if (oldStateDir == null) {
            System.clearProperty(StateDirectory.PROPERTY);
        } else {
            System.setProperty(StateDirectory.PROPERTY, oldStateDir);
        }
    }
}
