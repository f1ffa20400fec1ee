package dev.shmc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.shm.support.ProcessRoles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./shmc} script itself, on a given classpath ({@code SHMC_CLASSPATH}: the test
 * classpath, or the app's distribution; so it does not build): what a user sees on stdout and
 * stderr goes through it, including its filter of the JVM's incubator-module line.
 */
@Tag("slow")
@Timeout(120)
class LauncherTest {
    @TempDir
    Path state;

    private record Run(int exit, List<String> out, List<String> err) {
    }

    private Run shmc(String... args) throws IOException, InterruptedException {
        return shmc(Map.of(), args);
    }

    private Run shmc(Map<String, String> env, String... args) throws IOException, InterruptedException {
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
        pb.environment().putAll(env);
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

    @Test
    void shouldStopTheJobAndItsWorkersWhenTheLauncherIsSentSigterm() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("shmc").toString(), "pi", "--samples", "1e14", "--workers", "2");
        pb.environment().put("SHMC_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_STATE_HOME", state.toString());
        pb.redirectOutput(state.resolve("out.txt").toFile()).redirectError(state.resolve("err.txt").toFile());
        Process p = pb.start();
        List<ProcessHandle> started = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && p.isAlive()
                    && p.descendants().filter(ProcessRoles::isWorker).count() < 2) {
                Thread.sleep(20);
            }
            started.addAll(p.descendants().toList());
            assertTrue(started.size() >= 2, "the job's worker JVMs started: " + started);
            p.destroy(); // SIGTERM to the launcher's PID, as timeout(1) or a supervisor sends it
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher ended");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(List.of(), started.stream().filter(ProcessHandle::isAlive).map(h -> h.pid() + " " + h.info().command().orElse("?")).toList(),
                    "the coordinator JVM and its workers stop with the launcher");
            assertEquals(List.of(), Files.readAllLines(state.resolve("out.txt")), "no result is printed after the stop");
        } finally {
            p.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void shouldStartFromTheStartUpCacheTheBuildMade() throws Exception {
        Path dist = appDistribution();
        Path cache = dist.resolve("shmc.aot");
        Path log = state.resolve("classes.log");
        Map<String, String> env = Map.of("SHMC_CLASSPATH", Files.readString(dist.resolve("classpath")).strip(), "SHMC_AOT", cache.toString(),
                "JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
        Run r = shmc(env, "is-prime", "1000000007", "--json");
        assertEquals(0, r.exit(), "stderr: " + r.err());
        assertEquals(List.of(), r.err().stream().filter(l -> !l.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS")).toList());
        assertTrue(r.out().get(0).contains("\"prime\":true"), r.out().toString());
        assertTrue(Files.readAllLines(log).stream().anyMatch(l -> l.contains("dev.shmc.cli.Main source: shared objects file")),
                "the CLI's classes must load from the cache");
    }

    @Test
    void shouldRunWithoutAStartUpCacheThatDoesNotFitTheClasspath() throws Exception {
        // the test classpath has class directories, which the cache does not describe: the JVM skips it
        Path cache = appDistribution().resolve("shmc.aot");
        Run r = shmc(Map.of("SHMC_AOT", cache.toString()), "is-prime", "97");
        assertEquals(0, r.exit(), "stderr: " + r.err());
        assertEquals(List.of(), r.err(), "the JVM's refusal of the cache is not shown");
        assertEquals(List.of("97 is prime"), r.out().stream().map(l -> l.replaceAll(" \\(.*", "")).toList());
    }

    /** The app's distribution, which this build packaged before it ran these tests; skips the test if it has no cache. */
    private static Path appDistribution() {
        Path dist = Path.of("").toAbsolutePath().getParent().resolve("app/target/dist");
        assumeTrue(Files.isRegularFile(dist.resolve("shmc.aot")), "no start-up cache: the build ran with -Dshmc.aot.skip=true");
        return dist;
    }
}
