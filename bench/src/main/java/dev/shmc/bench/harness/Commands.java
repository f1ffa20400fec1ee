package dev.shmc.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Outside programs a suite runs to completion (an anchor, a compiler), each with a deadline. */
public final class Commands {
    private Commands() {
    }

    /**
     * Runs {@code cmd} with its output (stdout and stderr) to a temporary file, so that a program
     * that hangs is waited for with a deadline, not read forever; its output when it exits with 0
     * within {@code timeoutSeconds}, else empty (also when it cannot start). The program and any
     * processes it started are killed on the way out, and the file is removed.
     */
    public static Optional<String> output(List<String> cmd, long timeoutSeconds) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile("shmc-bench-output", ".txt");
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty(); // not installed, or no temp file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (p != null) {
                // a program that forks (the C anchors do): none of its processes may outlive a timeout
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a temp file left in java.io.tmpdir: harmless
                }
            }
        }
    }
}
