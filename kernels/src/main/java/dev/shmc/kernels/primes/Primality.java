package dev.shmc.kernels.primes;

import java.math.BigInteger;

/**
 * Whether a number of any size is prime, with the evidence: below 2^64 an exact answer
 * ({@link MillerRabin}) and, for a composite, a factor ({@link PollardRho}); from 2^64 on the
 * Baillie-PSW test ({@link BailliePsw}), whose "prime" is a probable prime, and for a composite a
 * small factor when a quick search finds one (trial division by the primes below
 * {@link PrimesConfig#BIG_TRIAL_LIMIT}, then {@link PrimesConfig#bigRhoSteps} steps of Pollard's
 * rho), else a Miller-Rabin witness. Every "composite" is proven. Stateless and thread-safe.
 */
public final class Primality {
    private Primality() {
    }

    /** 2^64: from here on a "prime" is a probable prime. */
    public static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    /** Bases tried, in order, for a Miller-Rabin witness of a composite that passed base 2 (failed the Lucas test). */
    private static final int[] WITNESS_BASES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73};

    /** What the test of a number found. */
    public enum Status {
        /** 0 or 1: neither prime nor composite. */
        NEITHER,
        /** Prime, proven (below 2^64). */
        PRIME,
        /** Passed the Baillie-PSW test (from 2^64 on): no counterexample is known, but not a proof. */
        PROBABLE_PRIME,
        /** Composite, proven: by {@link Verdict#factor()}, else by {@link Verdict#witness()}, else by failing the strong Lucas test. */
        COMPOSITE
    }

    /**
     * The answer for one number.
     *
     * @param status  what n is
     * @param factor  for a composite, a factor f with 1 < f < n (not necessarily the smallest); null when none was found
     *                (possible from 2^64 on only) and for the other statuses
     * @param witness for a composite without a factor, a base a to which n is not a strong probable prime (a proof that
     *                it is composite, checkable with any Miller-Rabin implementation); 0 when none of the bases tried is one
     *                (n then failed the strong Lucas test) or a factor is given
     */
    public record Verdict(Status status, BigInteger factor, int witness) {
        /** Prime or probably prime. */
        public boolean prime() {
            return status == Status.PRIME || status == Status.PROBABLE_PRIME;
        }
    }

    /**
     * Tests n (0 or more). Below 2^64: microseconds, a factor in milliseconds. Beyond: the cost of
     * Baillie-PSW grows about as the cube of the digits (measured on the development machine, a
     * shared 2-core EPYC: 0.2 s for 157 digits in a fresh JVM, about 1-3 s for 1,000-1,300, 7 s for
     * 3,000); the factor search is bounded (about a quarter of a second).
     *
     * @throws IllegalArgumentException if n is negative
     */
    public static Verdict test(BigInteger n) {
        if (n.signum() < 0) {
            throw new IllegalArgumentException("negative " + n);
        }
        if (n.compareTo(BigInteger.TWO) < 0) {
            return new Verdict(Status.NEITHER, null, 0);
        }
        if (n.compareTo(TWO_TO_64) < 0) {
            long bits = n.longValue();
            return MillerRabin.isPrimeUnsigned(bits) ? new Verdict(Status.PRIME, null, 0)
                    : new Verdict(Status.COMPOSITE, new BigInteger(Long.toUnsignedString(PollardRho.factorUnsigned(bits))), 0);
        }
        BigInteger small = smallFactor(n, PrimesConfig.BIG_TRIAL_LIMIT);
        if (small != null) {
            return new Verdict(Status.COMPOSITE, small, 0);
        }
        boolean base2 = MillerRabin.isStrongProbablePrime(n, BigInteger.TWO);
        if (base2 && BailliePsw.isStrongLucasProbablePrime(n)) {
            return new Verdict(Status.PROBABLE_PRIME, null, 0);
        }
        BigInteger factor = PollardRho.factor(n, PrimesConfig.bigRhoSteps(n.bitLength()));
        if (factor != null) {
            return new Verdict(Status.COMPOSITE, factor, 0);
        }
        if (!base2) {
            return new Verdict(Status.COMPOSITE, null, 2);
        }
        for (int a : WITNESS_BASES) {
            if (!MillerRabin.isStrongProbablePrime(n, BigInteger.valueOf(a))) {
                return new Verdict(Status.COMPOSITE, null, a);
            }
        }
        return new Verdict(Status.COMPOSITE, null, 0);
    }

    /**
     * The smallest prime factor of n below {@code limit}, or null if it has none: n is divided by
     * products of several primes that fit a long, one big division per product.
     */
    static BigInteger smallFactor(BigInteger n, int limit) {
        if (!n.testBit(0)) {
            return BigInteger.TWO;
        }
        SievingPrimes primes = SievingPrimes.upTo((long) limit * limit);
        int count = primes.size();
        int i = 1; // skip 2
        while (i < count && primes.get(i) < limit) {
            int first = i;
            long product = 1;
            while (i < count && primes.get(i) < limit && product <= Long.MAX_VALUE / primes.get(i)) {
                product *= primes.get(i++);
            }
            long rest = n.mod(BigInteger.valueOf(product)).longValue();
            for (int j = first; j < i; j++) {
                if (rest % primes.get(j) == 0) {
                    return BigInteger.valueOf(primes.get(j));
                }
            }
        }
        return null;
    }
}
