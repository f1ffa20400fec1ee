package dev.shmc.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.bench.harness.Commands;
import dev.shmc.bench.harness.PrimesieveProfile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** primesieve's time by tier, from perf's report: the parsing and the grouping, with a report as perf writes it. */
class PrimesieveProfileTest {
    private static final String REPORT = """
                60.30%  [.] primesieve::EratSmall::crossOff            -      -
                 4.34%  [.] primesieve::EratMedium::crossOff_13        -      -
                 4.22%  [.] primesieve::EratMedium::crossOff_31        -      -
                20.00%  [.] primesieve::EratBig::crossOff              -      -
                 3.35%  [.] primesieve::PreSieve::preSieveLarge        -      -
                 1.37%  [.] primesieve::popcount                       -      -
                 0.72%  [.] __popcountdi2                              -      -
                 0.35%  [.] primesieve::CountPrintPrimes::sieve        -      -
                 5.21%  [.] primesieve::MemoryPool::addBucket          -      -
                 0.14%  [k] handle_softirqs                            -      -
            """;

    @Test
    void shouldAddUpTheSamplesOfEachTiersFunctions() {
        PrimesieveProfile p = PrimesieveProfile.parse(REPORT, 2.0).orElseThrow();
        double[] t = p.tiers();
        assertEquals(4, t.length);
        assertEquals(2.0 * (60.30 + 3.35) / 100, t[0], 1e-9, "pre-sieve and small primes");
        assertEquals(2.0 * (4.34 + 4.22) / 100, t[1], 1e-9, "medium primes");
        assertEquals(2.0 * 20.00 / 100, t[2], 1e-9, "buckets");
        assertEquals(2.0 * (1.37 + 0.72 + 0.35) / 100, t[3], 1e-9, "reading");
        assertEquals(2.0 * (5.21 + 0.14) / 100, p.other(), 1e-9, "the rest");
        assertEquals(2.0, p.seconds());
        assertEquals(p.seconds(), t[0] + t[1] + t[2] + t[3] + p.other(), 1e-9, "the tiers and the rest are the whole run");
    }

    @Test
    void shouldApplyItsSharesToAnotherRunsTime() {
        PrimesieveProfile p = PrimesieveProfile.parse(REPORT, 2.0).orElseThrow().scaledTo(1.5);
        assertEquals(1.5, p.seconds());
        assertEquals(1.5 * (60.30 + 3.35) / 100, p.tiers()[0], 1e-9);
        assertEquals(1.5 * 20.00 / 100, p.tiers()[2], 1e-9);
        assertEquals(1.5 * (5.21 + 0.14) / 100, p.other(), 1e-9);
    }

    @Test
    void shouldGiveNothingForAProfileWithoutPrimesievesNames() {
        // a stripped build: perf has only addresses
        assertTrue(PrimesieveProfile.parse("    90.00%  [.] 0x0000000000012345\n    10.00%  [.] 0x0000000000023456\n", 1.0).isEmpty());
        assertTrue(PrimesieveProfile.parse("", 1.0).isEmpty());
        assertTrue(PrimesieveProfile.parse("Error: no samples\n", 1.0).isEmpty());
        // a range too small for primesieve's milliseconds
        assertTrue(PrimesieveProfile.parse(REPORT, 0.0).isEmpty());
    }

    @Test
    void shouldKeepItsTiersFromBeingChangedFromOutside() {
        PrimesieveProfile p = PrimesieveProfile.parse(REPORT, 1.0).orElseThrow();
        double before = p.tiers()[0];
        p.tiers()[0] = 99;
        assertEquals(before, p.tiers()[0]);
    }

    @Test
    void shouldProfilePrimesieveWhereItAndPerfAreInstalled() {
        Optional<PrimesieveProfile> p = PrimesieveProfile.measure(0, 300_000_000, 60);
        if (!onPath("perf") || !onPath("primesieve") || !perfRecords()) {
            assertTrue(p.isEmpty(), "nothing to profile with");
            return;
        }
        // these machines have both, and perf samples its own child as any user there (cpu-clock:u)
        PrimesieveProfile profile = p.orElseThrow(() -> new AssertionError("perf record of primesieve gave no profile"));
        assertTrue(profile.seconds() > 0);
        assertTrue(profile.tiers()[0] > 0, "the small primes are most of a sieve up to 3e8");
        assertTrue(profile.tiers()[0] > profile.tiers()[2], "there are no buckets up to 3e8: " + Arrays.toString(profile.tiers()));
        assertEquals(profile.seconds(), Arrays.stream(profile.tiers()).sum() + profile.other(), 1e-9);
    }

    /** Whether perf can record at all here (a container may forbid perf_event_open). */
    private static boolean perfRecords() {
        try {
            Path data = Files.createTempFile("shmc-test-perf", ".data");
            try {
                return Commands.output(List.of("perf", "record", "-e", "cpu-clock:u", "-q", "-o", data.toString(),
                        "--", "true"), 30).isPresent();
            } finally {
                Files.deleteIfExists(data);
                Files.deleteIfExists(Path.of(data + ".old"));
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
