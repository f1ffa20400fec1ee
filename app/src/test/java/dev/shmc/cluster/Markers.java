package dev.shmc.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Marker files that test kernels and tasks leave when a JVM builds or runs them: the proof that a
 * request was acted on. Only in JVMs started with {@value #PROPERTY} (the members of
 * {@link MemberProcesses}); elsewhere nothing happens.
 */
final class Markers {
    static final String PROPERTY = "shmc.test.markerDir";

    private Markers() {
    }

    static void touch(String what) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null) {
            return;
        }
        try {
            Files.createFile(Path.of(dir, what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
