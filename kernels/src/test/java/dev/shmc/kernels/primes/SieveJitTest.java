package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sieve's JIT warm-up ({@code SegmentedSieve.warmUpJit}, {@link SieveWarmUp}), seen in the
 * JVM's own log of its compilations (-XX:+PrintCompilation) in fresh JVMs: with it, C2 compiles
 * each of the eight crossing-off methods of {@link UnrolledCrossOff} normally, and none for
 * on-stack replacement; without it, a first segment's long loops get on-stack-replacement copies.
 * Asserts what was compiled, never how long it took.
 *
 * <p>The children compile in the foreground (-XX:-BackgroundCompilation: a thread that asks for a
 * compilation waits for it), so what gets compiled does not depend on how busy the machine is. In
 * the background, as in production, a call already running long in C1's code when its C2 code
 * arrives still gets an on-stack-replacement copy on a loaded machine.
 */
@Tag("slow")
@Timeout(120)
class SieveJitTest {
    private static final Pattern OSR = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+%.*UnrolledCrossOff::crossOff\\d+ @");
    private static final Pattern C2 = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+[sbn! ]*4\\s+dev\\.shmc\\.kernels\\.primes\\.UnrolledCrossOff::crossOff(\\d+) \\(");

    @Test
    void shouldCompileEachCrossingOffMethodOnceWithoutOnStackReplacement() throws Exception {
        List<String> log = childLog("-Dshmc.primes.jitWarmUpCalls=" + PrimesConfig.JIT_WARM_UP_CALLS);
        assertSieved(log);
        List<String> compiled = log.stream().map(C2::matcher).filter(m -> m.find()).map(m -> m.group(1)).distinct().sorted().toList();
        assertEquals(List.of("1", "11", "13", "17", "19", "23", "29", "7"), compiled, "all eight compiled by C2");
        assertEquals(List.of(), log.stream().filter(l -> OSR.matcher(l).find()).toList(), "no on-stack replacement");
    }

    @Test
    void shouldNeedOnStackReplacementWithoutTheWarmUp() throws Exception {
        // the control: this is what the warm-up saves a fresh worker JVM
        List<String> log = childLog("-Dshmc.primes.jitWarmUpCalls=0");
        assertSieved(log);
        assertFalse(log.stream().filter(l -> OSR.matcher(l).find()).toList().isEmpty(), "expected OSR compiles: " + tail(log));
    }

    private static List<String> childLog(String warmUp) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String args = System.getProperty("shmc.jvmArgsFile");
        if (args != null && Files.isReadable(Path.of(args))) {
            cmd.add("@" + args);
        }
        cmd.addAll(List.of("-XX:+PrintCompilation", "-XX:-BackgroundCompilation", warmUp, "-cp", System.getProperty("java.class.path"), SieveJitChild.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
            assertEquals(0, p.exitValue(), out);
            return out.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }

    /** The child's one line of output may share a line with the JIT's log. */
    private static void assertSieved(List<String> log) {
        assertTrue(log.stream().anyMatch(l -> l.contains("count 98222287")), "the child sieved: " + tail(log));
    }

    private static String tail(List<String> log) {
        return String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size()));
    }
}
