package dev.shmc.kernels.primes;

/** Child JVM of {@link SieveJitTest}: counts the primes below 2e9 in a fresh JVM, so the JIT's log shows how the sieve got compiled. */
public final class SieveJitChild {
    private SieveJitChild() {
    }

    public static void main(String[] args) {
        long to = 2_000_000_000L;
        SegmentedSieve sieve = new SegmentedSieve(SievingPrimes.upTo(to));
        sieve.warmUpJit();
        long count = sieve.count(0, to, () -> false).count();
        System.out.println("count " + count);
    }
}
