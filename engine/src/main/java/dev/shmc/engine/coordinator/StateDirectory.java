package dev.shmc.engine.coordinator;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

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
     * Creates {@code dir} with mode 0700 if it does not exist.
     *
     * @throws IllegalStateException when it cannot be created
     */
    static void ensure(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            // job parameters and results are the user's business only
            Files.setPosixFilePermissions(dir, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
            throw new IllegalStateException("cannot create the shmc state directory " + dir + ": " + reason, e);
        }
    }
}
