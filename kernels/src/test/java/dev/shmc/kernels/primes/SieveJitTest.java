package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    @RegisterExtension
    final ChildJvms children = new ChildJvms();

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

    private List<String> childLog(String warmUp) {
        ChildJvm child = children.start(List.of("-XX:+PrintCompilation", "-XX:-BackgroundCompilation", warmUp), SieveJitChild.class);
        assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child.report());
        return child.output().lines().toList();
    }

    /** The child's one line of output may share a line with the JIT's log. */
    private static void assertSieved(List<String> log) {
        assertTrue(log.stream().anyMatch(l -> l.contains("count 98222287")), "the child sieved: " + tail(log));
    }

    private static String tail(List<String> log) {
        return String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size()));
    }
}
