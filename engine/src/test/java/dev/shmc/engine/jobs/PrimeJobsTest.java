package dev.shmc.engine.jobs;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Schedule;
import dev.shmc.kernels.primes.MillerRabin;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Prime counting and trial division as engine jobs over real worker JVMs. */
@Tag("slow")
@Timeout(300)
class PrimeJobsTest {
    @TempDir
    Path dir;

    private static JobSpec count(long from, long to, long chunk, Schedule schedule) {
        JobSpec base = PrimeCountKernel.spec(from, to, chunk);
        JobSpec.Builder b = JobSpec.builder(base.kernelClass()).units(base.from(), base.to()).chunkSize(chunk).schedule(schedule);
        base.params().asMap().forEach(b::param);
        return b.build();
    }

    @Test
    void shouldCountPrimesExactlyWhateverTheChunking() {
        try (Engine e = Engine.builder().mode(Mode.PROCESSES).workers(2).directory(dir).build()) {
            // pi(10^8) = 5761455; chunk sizes that cut segments and wheel cycles at odd places
            for (long chunk : new long[] {0, 1_000_003, 7_777_777, 30 * 65_536}) {
                for (Schedule s : Schedule.values()) {
                    JobResult r = e.run(count(0, 100_000_000, chunk, s));
                    assertEquals(5_761_455, r.word(0), "chunk " + chunk + " " + s);
                    assertEquals(99_999_989, r.word(3), "largest prime below 1e8");
                }
            }
            JobResult counted = e.run(PrimeCountKernel.spec(0, 100_000_000, 7_777_777, false));
            assertEquals(5_761_455, counted.word(0), "count only");
            assertEquals(0, counted.word(1), "no sum asked for");
            assertEquals(99_999_989, counted.word(3));
            JobResult summed = e.run(PrimeCountKernel.spec(0, 100_000_000, 7_777_777));
            assertEquals(279_209_790_387_276L, summed.word(1), "sum of the primes below 1e8");
            assertEquals(1, e.run(count(2, 2, 0, Schedule.DYNAMIC)).word(0));
            assertEquals(0, e.run(count(0, 1, 0, Schedule.DYNAMIC)).word(0));
            // pi(1e9 + 1e6) - pi(1e9): 48155 primes in (1e9, 1e9 + 1e6]
            assertEquals(48_155, e.run(count(1_000_000_001, 1_001_000_000, 99_991, Schedule.RANDOMIZED)).word(0));
        }
    }

    @Test
    void shouldFindAFactorAndStopEarlyOrProvePrimality() {
        long p = 1_000_000_007L;
        long q = 998_244_353L;
        try (Engine e = Engine.builder().mode(Mode.PROCESSES).workers(2).directory(dir).build()) {
            JobResult semiprime = e.run(TrialDivisionKernel.spec(p * q, 1 << 16));
            assertEquals(JobStatus.FOUND, semiprime.status());
            assertEquals(q, semiprime.word(0));
            // a factor near the start: stops long before all chunks are done
            long big = 100_000_000_000_000_003L;
            while (!MillerRabin.isPrime(big)) {
                big += 2;
            }
            JobResult early = e.run(TrialDivisionKernel.spec(3L * big, 1 << 16)); // ~4000 chunks
            assertEquals(JobStatus.FOUND, early.status());
            assertEquals(3, early.word(0));
            assertTrue(early.chunksDone() < early.chunks(), early.toString());
            long prime = 999_999_999_989L;
            assertTrue(MillerRabin.isPrime(prime));
            JobResult proven = e.run(TrialDivisionKernel.spec(prime, 0));
            assertEquals(JobStatus.COMPLETED, proven.status());
            assertEquals(0, proven.word(0));
        }
    }
}
