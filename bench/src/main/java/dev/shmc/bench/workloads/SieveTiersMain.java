package dev.shmc.bench.workloads;

import dev.shmc.kernels.primes.PrimeStats;
import dev.shmc.kernels.primes.PrimesConfig;
import dev.shmc.kernels.primes.SegmentedSieve;
import dev.shmc.kernels.primes.SievingPrimes;

/**
 * Counts (without summing, like primesieve) the primes up to a bound in one thread of a JVM started with
 * {@code -Dshmc.primes.tierTimes=true}, after a warm-up run, and prints one line: the bound, the
 * count, the total nanoseconds, and the nanoseconds of each of {@link SegmentedSieve#TIERS}. The
 * modes suite runs it to show where the sieve's time goes next to primesieve's (same run).
 */
public final class SieveTiersMain {
    private SieveTiersMain() {
    }

    public static void main(String[] args) {
        long limit = Long.parseLong(args[0]);
        if (!PrimesConfig.TIER_TIMES) {
            throw new IllegalStateException("start this JVM with -Dshmc.primes.tierTimes=true");
        }
        SievingPrimes primes = SievingPrimes.upTo(limit);
        SegmentedSieve sieve = new SegmentedSieve(primes);
        // counts only, as primesieve does (the sum costs the reading tier eight bit counts per word instead of one)
        sieve.count(0, Math.min(limit, 1_000_000_000L) + 1, false, () -> false); // JIT warm-up
        SegmentedSieve.resetTierNanos();
        long t0 = System.nanoTime();
        PrimeStats s = sieve.count(0, limit + 1, false, () -> false);
        long total = System.nanoTime() - t0;
        StringBuilder line = new StringBuilder().append(limit).append(' ').append(s.count()).append(' ').append(total);
        for (long n : SegmentedSieve.tierNanos()) {
            line.append(' ').append(n);
        }
        System.out.println(line);
    }
}
