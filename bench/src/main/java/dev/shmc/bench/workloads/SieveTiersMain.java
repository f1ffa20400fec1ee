package dev.shmc.bench.workloads;

import dev.shmc.kernels.primes.PrimeStats;
import dev.shmc.kernels.primes.PrimesConfig;
import dev.shmc.kernels.primes.SegmentedSieve;
import dev.shmc.kernels.primes.SievingPrimes;

/**
 * Counts (without summing, like primesieve) the primes in [from, to] (arguments: to, and from,
 * default 0) in one thread of a JVM started with {@code -Dshmc.primes.tierTimes=true}, after the
 * sieve's JIT warm-up and a warm-up run, and prints one line: the bound, the count, the total
 * nanoseconds, the nanoseconds of each of {@link SegmentedSieve#TIERS}, and "vectors" or "words"
 * (how the pre-sieve ran). The modes suite runs it to show where the sieve's time goes next to
 * primesieve's (same run).
 */
public final class SieveTiersMain {
    private SieveTiersMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        long to = Long.parseLong(args[0]);
        long from = args.length > 1 ? Long.parseLong(args[1]) : 0;
        if (!PrimesConfig.TIER_TIMES) {
            throw new IllegalStateException("start this JVM with -Dshmc.primes.tierTimes=true");
        }
        SievingPrimes primes = SievingPrimes.upTo(to);
        SegmentedSieve sieve = new SegmentedSieve(primes);
        sieve.warmUpJit(); // as a job's worker does
        // counts only, as primesieve does (the sum costs the reading tier eight bit counts per word instead of one)
        sieve.count(from, from + Math.min(to - from, 1_000_000_000L) + 1, false, () -> false); // JIT warm-up
        for (int i = 0; i < 20 && !SegmentedSieve.vectorPreSieve(); i++) {
            Thread.sleep(50); // the pre-sieve's vector loop compiles in the background
        }
        SegmentedSieve.resetTierNanos();
        long t0 = System.nanoTime();
        PrimeStats s = sieve.count(from, to + 1, false, () -> false);
        long total = System.nanoTime() - t0;
        StringBuilder line = new StringBuilder().append(to).append(' ').append(s.count()).append(' ').append(total);
        for (long n : SegmentedSieve.tierNanos()) {
            line.append(' ').append(n);
        }
        System.out.println(line.append(SegmentedSieve.vectorPreSieve() ? " vectors" : " words"));
    }
}
