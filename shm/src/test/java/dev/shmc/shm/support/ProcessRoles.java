package dev.shmc.shm.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Which shmc JVM a process is, from the {@code -Dshmc.role=ROLE} on its command line (worker JVMs
 * carry {@code worker}, test children {@code test-child}). Read from {@code /proc/PID/cmdline}:
 * {@link ProcessHandle.Info#arguments()} is empty for a command line as long as a JVM's with a
 * class path.
 */
public final class ProcessRoles {
    private ProcessRoles() {
    }

    /** Whether {@code p} is a worker JVM of an engine. */
    public static boolean isWorker(ProcessHandle p) {
        return hasRole(p, "worker");
    }

    /** Whether {@code p} was started with {@code -Dshmc.role=role}; false once it is gone. */
    public static boolean hasRole(ProcessHandle p, String role) {
        return commandLine(p).contains("-Dshmc.role=" + role);
    }

    /** The command line of {@code p}, program first; empty once it is gone (or when it is not ours to read). */
    public static List<String> commandLine(ProcessHandle p) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
            // NUL after every argument, the last one included
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\u0000"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
