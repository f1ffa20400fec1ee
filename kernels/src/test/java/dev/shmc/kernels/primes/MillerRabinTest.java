package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MillerRabinTest {
    /** Primes near 2^63, Mersenne primes, the neighbours of powers of two and ten. */
    static final long[] LARGE_PRIMES = {
        9_223_372_036_854_775_783L,  // 2^63 - 25, the largest prime below 2^63
        9_223_372_036_854_775_643L,  // the prime before it
        2_305_843_009_213_693_951L,  // 2^61 - 1
        2_147_483_647L,              // 2^31 - 1
        4_294_967_291L, 4_294_967_311L,
        1_000_000_000_000_000_003L, 1_000_000_000_000_000_009L,
        999_999_999_999_989L, 1_000_000_000_000_037L,
        3_037_000_493L,              // the largest prime whose square is below 2^63
    };

    /** Carmichael numbers: pass Fermat's test to every coprime base. */
    static final long[] CARMICHAEL = {561, 1105, 1729, 2465, 2821, 6601, 8911, 41041, 825_265, 321_197_185,
        5_394_826_801L, 232_250_619_601L, 9_746_347_772_161L};

    /** The smallest strong pseudoprimes to all the first 1, 2, ..., 9 prime bases (OEIS A014233). */
    static final long[] STRONG_PSEUDOPRIMES = {2047, 1_373_653, 25_326_001, 3_215_031_751L, 2_152_302_898_747L,
        3_474_749_660_383L, 341_550_071_728_321L, 341_550_071_728_321L, 3_825_123_056_546_413_051L};

    private static boolean reference(long n) {
        return BigInteger.valueOf(n).isProbablePrime(100);
    }

    @Test
    void shouldClassifyTheSmallestNumbers() {
        assertFalse(MillerRabin.isPrime(0));
        assertFalse(MillerRabin.isPrime(1));
        assertTrue(MillerRabin.isPrime(2));
        assertTrue(MillerRabin.isPrime(3));
        assertFalse(MillerRabin.isPrime(4));
        assertFalse(MillerRabin.isPrime(-7));
        assertFalse(MillerRabin.isPrime(Long.MIN_VALUE));
    }

    @Test
    void shouldAgreeWithTheSieveBelowAMillion() {
        boolean[] prime = PrimesReference.primality(0, 1_000_000);
        for (int n = 0; n < prime.length; n++) {
            assertEquals(prime[n], MillerRabin.isPrime(n), "n = " + n);
        }
    }

    @Test
    void shouldRecogniseLargePrimes() {
        for (long p : LARGE_PRIMES) {
            assertTrue(reference(p), p + " is in the list of primes by mistake");
            assertTrue(MillerRabin.isPrime(p), "prime " + p);
        }
        assertFalse(MillerRabin.isPrime(Long.MAX_VALUE), "2^63 - 1 = 7^2 * 73 * 127 * 337 * 92737 * 649657");
    }

    @Test
    void shouldRejectCarmichaelNumbersAndStrongPseudoprimes() {
        for (long n : CARMICHAEL) {
            assertFalse(reference(n));
            assertFalse(MillerRabin.isPrime(n), "Carmichael number " + n);
        }
        for (long n : STRONG_PSEUDOPRIMES) {
            assertFalse(reference(n));
            assertFalse(MillerRabin.isPrime(n), "strong pseudoprime " + n);
        }
    }

    @Test
    void shouldRejectSquaresAndSemiprimesOfLargePrimes() {
        long p = 3_037_000_493L;
        long q = 3_037_000_453L; // the prime below it
        assertFalse(MillerRabin.isPrime(p * p));
        assertFalse(MillerRabin.isPrime(p * q));
        assertFalse(MillerRabin.isPrime(2_147_483_647L * 2_147_483_647L));
        assertFalse(MillerRabin.isPrime(3 * 3_074_457_345_618_258_599L));
        for (long small : new long[] {3, 5, 7, 101, 65_537}) {
            long large = BigInteger.valueOf(Long.MAX_VALUE / small / 2).nextProbablePrime().longValueExact();
            assertFalse(MillerRabin.isPrime(small * large), small + " * " + large);
        }
    }

    @Test
    void shouldAgreeWithBigIntegerOnRandomNumbers() {
        Random random = new Random(7);
        for (int i = 0; i < 30_000; i++) {
            long n = random.nextLong() >>> (1 + random.nextInt(63));
            assertEquals(reference(n), MillerRabin.isPrime(n), "n = " + n);
        }
        // products of two random primes of every size: composites with no small factor
        for (int i = 0; i < 3000; i++) {
            int bits = 2 + random.nextInt(30);
            long a = BigInteger.probablePrime(bits, random).longValueExact();
            long b = BigInteger.probablePrime(Math.min(31, 63 - bits - 1), random).longValueExact();
            assertFalse(MillerRabin.isPrime(a * b), a + " * " + b);
        }
    }
}
