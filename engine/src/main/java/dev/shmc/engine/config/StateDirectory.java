package dev.shmc.engine.config;

import dev.shmc.shm.region.OwnedPaths;
import dev.shmc.shm.region.RegionException;
import java.nio.file.Path;

/**
 * Where shmc keeps state that must outlive its processes: the job registry and its chunk
 * checkpoints ({@link ChronicleJobStore}). Resolved in this order:
 * <ol>
 *   <li>system property {@value #PROPERTY} (tests, or several independent registries);</li>
 *   <li>{@code $XDG_STATE_HOME/shmc}, when that variable holds an absolute path (the XDG base
 *       directory rules ignore relative ones);</li>
 *   <li>{@code ~/.local/state/shmc}.</li>
 * </ol>
 * Never {@code /dev/shm}: a checkpoint exists to survive crashes and reboots, which a tmpfs does
 * not, and the region directory is kept for regions only (so {@code shmc clean} owns it).
 */
public final class StateDirectory {
    /** System property that overrides the state directory. */
    public static final String PROPERTY = "shmc.stateDir";

    private StateDirectory() {
    }

    /** The state directory in use (not created). */
    public static Path resolve() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "shmc");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "shmc");
    }

    /**
     * Creates {@code dir} with mode 0700 if it does not exist, and checks that it is the user's
     * own: a real directory (not a symbolic link) owned by the current user with no group or other
     * permission bits ({@link OwnedPaths}); job parameters, results and checkpoints are the user's
     * business only, and a registry another user could swap would feed a resume with their chunks.
     *
     * @throws IllegalStateException when it cannot be created or is not the user's own
     */
    public static void ensure(Path dir) {
        try {
            OwnedPaths.ensurePrivateDirectory(dir, "the shmc state directory");
        } catch (RegionException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
