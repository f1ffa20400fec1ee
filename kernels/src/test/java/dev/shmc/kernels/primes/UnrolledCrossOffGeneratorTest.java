package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed crossing-off loops are the generator's output (their correctness: SegmentedSieveTest). */
class UnrolledCrossOffGeneratorTest {
    @Test
    void shouldMatchTheCommittedSourceWhenRegenerated() throws Exception {
        // surefire runs in the module's directory; the generator's path is from the repository's root
        Path committed = Path.of("..").resolve(UnrolledCrossOffGenerator.TARGET);
        String expected = UnrolledCrossOffGenerator.generate();
        String actual = Files.readString(committed, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            List<String> e = expected.lines().toList();
            List<String> a = actual.lines().toList();
            int line = 0;
            while (line < Math.min(e.size(), a.size()) && e.get(line).equals(a.get(line))) {
                line++;
            }
            fail(committed + " is stale from line " + (line + 1) + " (generated: '" + (line < e.size() ? e.get(line) : "<end>")
                    + "', committed: '" + (line < a.size() ? a.get(line) : "<end>") + "'): run"
                    + " java kernels/src/test/java/dev/shmc/kernels/primes/UnrolledCrossOffGenerator.java from the repository's root");
        }
    }
}
