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

    /** The ten largest primes below 2^64: 2^64 - 59 is the largest (OEIS A013603 for the offsets). */
    static final long[] PRIMES_BELOW_TWO_TO_64 = {-59, -83, -95, -179, -189, -257, -279, -323, -353, -363};

    private static boolean reference(long n) {
        return BigInteger.valueOf(n).isProbablePrime(100);
    }

    static BigInteger unsigned(long n) {
        return new BigInteger(Long.toUnsignedString(n));
    }

    private static boolean referenceUnsigned(long n) {
        return unsigned(n).isProbablePrime(100);
    }

    /**
     * Carmichael numbers (6k + 1)(12k + 1)(18k + 1) with the three factors prime (Chernick), the
     * first {@code count} at or above {@code from} (unsigned) that stay below 2^64.
     */
    static long[] chernickCarmichaels(long from, int count) {
        long[] found = new long[count];
        int n = 0;
        long k = Math.max(1, (long) Math.cbrt(unsigned(from).doubleValue() / 1296) - 1); // the product is about 1296 k^3
        for (; n < count; k++) {
            long a = 6 * k + 1;
            long b = 12 * k + 1;
            long c = 18 * k + 1;
            BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).multiply(BigInteger.valueOf(c));
            if (product.compareTo(unsigned(from)) < 0) {
                continue;
            }
            if (product.bitLength() > 64) {
                break;
            }
            if (reference(a) && reference(b) && reference(c)) {
                found[n++] = product.longValue();
            }
        }
        return java.util.Arrays.copyOf(found, n);
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

    @Test
    void shouldAgreeWithTheSieveBelowAndJustAboveTwoToThe31AndTwoToThe32() {
        for (long from : new long[] {0, (1L << 31) - 500_000, (1L << 32) - 1_000_000, 1L << 32}) {
            boolean[] prime = PrimesReference.primality(from, from + 500_000);
            for (int i = 0; i < prime.length; i++) {
                assertEquals(prime[i], MillerRabin.isPrimeUnsigned(from + i), "n = " + (from + i));
            }
        }
    }

    @Test
    void shouldRecogniseTheLargestPrimesBelowTwoToThe64() {
        for (long p : PRIMES_BELOW_TWO_TO_64) {
            assertTrue(referenceUnsigned(p), unsigned(p) + " is in the list of primes by mistake");
            assertTrue(MillerRabin.isPrimeUnsigned(p), "prime " + unsigned(p));
            assertFalse(MillerRabin.isPrime(p), "isPrime reads " + p + " as negative");
        }
        // every other number above 2^64 - 59 is composite
        for (long n = -58; n != 0; n++) {
            assertFalse(MillerRabin.isPrimeUnsigned(n), unsigned(n) + " is composite");
        }
        assertFalse(MillerRabin.isPrimeUnsigned(-1L), "2^64 - 1 = 3 * 5 * 17 * 257 * 641 * 65537 * 6700417");
        long above = Long.MIN_VALUE + 29; // 2^63 + 29, the smallest prime above 2^63
        assertTrue(referenceUnsigned(above));
        assertTrue(MillerRabin.isPrimeUnsigned(above), "2^63 + 29");
        for (long n = Long.MIN_VALUE; n != above; n++) {
            assertFalse(MillerRabin.isPrimeUnsigned(n), unsigned(n) + " is composite");
        }
        assertFalse(MillerRabin.isPrimeUnsigned(Long.MIN_VALUE), "2^63");
    }

    @Test
    void shouldAgreeWithBigIntegerOnRandomNumbersAboveTwoToThe63() {
        Random random = new Random(11);
        for (int i = 0; i < 30_000; i++) {
            long n = random.nextLong() | Long.MIN_VALUE;
            assertEquals(referenceUnsigned(n), MillerRabin.isPrimeUnsigned(n), "n = " + unsigned(n));
        }
        // semiprimes with both factors near 2^32 (no small factor; the hardest case for a weak test)
        for (int i = 0; i < 2000; i++) {
            long p = BigInteger.valueOf((1L << 32) - 1 - random.nextInt(1 << 30)).nextProbablePrime().longValueExact();
            long q = BigInteger.valueOf((1L << 32) - 1 - random.nextInt(1 << 30)).nextProbablePrime().longValueExact();
            if (p >= 1L << 32 || q >= 1L << 32) {
                continue;
            }
            assertFalse(MillerRabin.isPrimeUnsigned(p * q), p + " * " + q);
        }
    }

    @Test
    void shouldRejectCarmichaelNumbersAboveTwoToThe63() {
        long[] carmichaels = chernickCarmichaels(Long.MIN_VALUE, 20);
        assertTrue(carmichaels.length >= 10, "found " + carmichaels.length);
        for (long n : carmichaels) {
            assertTrue(Long.compareUnsigned(n, Long.MIN_VALUE) >= 0);
            // a Carmichael number passes Fermat's test to every coprime base
            assertEquals(BigInteger.ONE, BigInteger.TWO.modPow(unsigned(n).subtract(BigInteger.ONE), unsigned(n)));
            assertFalse(MillerRabin.isPrimeUnsigned(n), "Carmichael number " + unsigned(n));
        }
    }

    @Test
    void shouldRejectStrongPseudoprimesAsUnsignedNumbersToo() {
        for (long n : STRONG_PSEUDOPRIMES) {
            assertFalse(MillerRabin.isPrimeUnsigned(n), "strong pseudoprime " + n);
        }
        for (long n : CARMICHAEL) {
            assertFalse(MillerRabin.isPrimeUnsigned(n), "Carmichael number " + n);
        }
    }

    @Test
    void shouldApplyTheStrongTestToBigNumbers() {
        BigInteger psi11 = BigInteger.valueOf(3_825_123_056_546_413_051L); // strong pseudoprime to the bases 2 .. 31
        for (int base : new int[] {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31}) {
            assertTrue(MillerRabin.isStrongProbablePrime(psi11, BigInteger.valueOf(base)), "base " + base);
        }
        assertFalse(MillerRabin.isStrongProbablePrime(psi11, BigInteger.valueOf(37)));
        BigInteger m127 = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
        for (int base = 2; base < 50; base++) {
            assertTrue(MillerRabin.isStrongProbablePrime(m127, BigInteger.valueOf(base)), "a prime passes to base " + base);
        }
        assertFalse(MillerRabin.isStrongProbablePrime(BigInteger.valueOf(561), BigInteger.TWO), "Carmichael 561");
    }
}
