package dev.shmc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.bench.harness.CMonteCarlo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paired C anchor of {@code bench modes}: built with gcc from an anchors directory, run with
 * the job's samples and workers, its rate parsed; nothing of it left in the temp directory. Stand-in
 * sources print what the anchors' programs print, from their arguments.
 */
class CMonteCarloTest {
    @TempDir
    Path anchors;

    private static final String PRINTS_ITS_ARGUMENTS = """
            #include <stdio.h>
            #include <stdlib.h>
            int main(int argc, char **argv) {
                if (argc < 3) return 2;
            #ifdef LANES
                printf("c-simd%d-xoshiro workers=%s samples=%s pi=3.141593 seconds=0.500 rate=%ld.5 Msamples/s\\n",
                       LANES, argv[2], argv[1], atol(argv[1]) / atol(argv[2]));
            #else
                printf("c-avx2-xoshiro workers=%s samples=%s pi=3.141593 seconds=0.500 rate=%ld.5 Msamples/s\\n",
                       argv[2], argv[1], atol(argv[1]) / atol(argv[2]));
            #endif
                return 0;
            }
            """;

    private static List<Path> ourTempDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("shmc-bench-c")).toList();
        }
    }

    @Test
    void shouldBuildRunAndParseTheProgramAndRemoveItOnClose() throws Exception {
        Files.writeString(anchors.resolve("mc-avx2.c"), PRINTS_ITS_ARGUMENTS);
        List<Path> before = ourTempDirs();
        Optional<CMonteCarlo> c = CMonteCarlo.compile(anchors, false);
        assertTrue(c.isPresent(), "gcc builds the stand-in for mc-avx2.c");
        try (CMonteCarlo mc = c.get()) {
            assertEquals("C AVX2 xoshiro256+", mc.name());
            // the rate the program printed: samples / workers, so both arguments reached it
            assertEquals(OptionalDouble.of(3000.5), mc.rate(6000, 2, 30));
            assertEquals(OptionalDouble.of(6000.5), mc.rate(6000, 1, 30));
        }
        assertEquals(before, ourTempDirs(), "close removes the binary and its directory");
    }

    @Test
    void shouldBuildTheEightLaneProgramFromMcSimdWithLanes8() throws Exception {
        Files.writeString(anchors.resolve("mc-simd.c"), PRINTS_ITS_ARGUMENTS);
        try (CMonteCarlo mc = CMonteCarlo.compile(anchors, true).orElseThrow()) {
            assertEquals("C 8-lane SIMD xoshiro256+", mc.name());
            assertEquals(OptionalDouble.of(50.5), mc.rate(100, 2, 30));
        }
    }

    @Test
    void shouldGiveNothingForAMissingOrBrokenSourceOrAFailingProgram() throws Exception {
        List<Path> before = ourTempDirs();
        assertFalse(CMonteCarlo.compile(anchors, false).isPresent(), "no mc-avx2.c");
        Files.writeString(anchors.resolve("mc-avx2.c"), "this is not C");
        assertFalse(CMonteCarlo.compile(anchors, false).isPresent(), "gcc fails");
        Files.writeString(anchors.resolve("mc-avx2.c"), "int main(void) { return 1; }");
        try (CMonteCarlo mc = CMonteCarlo.compile(anchors, false).orElseThrow()) {
            assertEquals(OptionalDouble.empty(), mc.rate(100, 1, 30), "a program that fails has no rate");
        }
        assertEquals(before, ourTempDirs(), "nothing left behind, built or not");
    }
}
