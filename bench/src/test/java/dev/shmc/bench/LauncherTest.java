package dev.shmc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./shmc} script itself, on the test classpath ({@code SHMC_CLASSPATH}, so it does not
 * build): what a user sees on stdout and stderr goes through it, including its filter of the
 * JVM's incubator-module line.
 */
@Tag("slow")
@Timeout(120)
class LauncherTest {
    @TempDir
    Path state;

    private record Run(int exit, List<String> out, List<String> err) {
    }

    private Run shmc(String... args) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path script = root.resolve("shmc");
        assertTrue(Files.isExecutable(script), script + " is not executable");
        Path out = state.resolve("out.txt");
        Path err = state.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(script.toString());
        pb.command().addAll(List.of(args));
        pb.environment().put("SHMC_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_STATE_HOME", state.toString()); // the job registry goes here, not to the user's
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(100, TimeUnit.SECONDS)) {
                throw new AssertionError("./shmc " + String.join(" ", args) + " did not finish");
            }
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintOneLineOnStderrAndExitTwoOnBadInput() throws Exception {
        Run r = shmc("pi", "--samples", "-1");
        assertEquals(2, r.exit());
        assertEquals(List.of(), r.out());
        assertEquals(1, r.err().size(), "stderr: " + r.err());
        assertTrue(r.err().get(0).startsWith("shmc: --samples"), r.err().get(0));
    }

    @Test
    void shouldKeepStderrCleanOnASuccessfulRun() throws Exception {
        Run r = shmc("pi", "--samples", "1e6", "--seed", "1", "--mode", "threads", "--workers", "1", "--json");
        assertEquals(0, r.exit(), "stderr: " + r.err());
        assertEquals(List.of(), r.err(), "the JVM's incubator line and nothing else must be dropped");
        assertEquals(1, r.out().size(), "stdout: " + r.out());
        assertTrue(r.out().get(0).contains("\"inside\":785390"), r.out().get(0));
    }
}
