package dev.shmc.kernels.primes;

import static dev.shmc.kernels.primes.MillerRabinTest.unsigned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken loop does not answer interrupts
class PollardRhoTest {
    /** f is a proper factor of unsigned n. */
    private static void assertProperFactor(long n, long f) {
        assertTrue(Long.compareUnsigned(f, 1) > 0 && Long.compareUnsigned(f, n) < 0, unsigned(f) + " of " + unsigned(n));
        assertEquals(0, Long.remainderUnsigned(n, f), unsigned(f) + " does not divide " + unsigned(n));
    }

    @Test
    void shouldFactorSemiprimesWithBothFactorsNearTwoToThe32() {
        Random random = new Random(5);
        int tested = 0;
        while (tested < 200) {
            long p = BigInteger.valueOf((1L << 32) - 1 - random.nextInt(1 << 29)).nextProbablePrime().longValueExact();
            long q = BigInteger.valueOf((1L << 32) - 1 - random.nextInt(1 << 29)).nextProbablePrime().longValueExact();
            if (p >= 1L << 32 || q >= 1L << 32) {
                continue;
            }
            long n = p * q; // above 2^63: both factors are above 2^31.5
            assertTrue(n < 0, "n reads as negative: " + unsigned(n));
            long f = PollardRho.factorUnsigned(n);
            assertTrue(f == p || f == q, unsigned(n) + " = " + p + " * " + q + ", got " + f);
            tested++;
        }
    }

    @Test
    void shouldFactorSquaresAndCubesOfPrimesAndTwoToThe64MinusOne() {
        long p = 4_294_967_291L; // the largest prime below 2^32
        assertEquals(p, PollardRho.factorUnsigned(p * p));
        long r = 2_642_239L; // the largest prime whose cube is below 2^64
        long cube = r * r * r;
        assertTrue(Long.compareUnsigned(cube, Long.MIN_VALUE) >= 0);
        long f = PollardRho.factorUnsigned(cube);
        assertTrue(f == r || f == r * r, "factor " + f);
        assertProperFactor(-1L, PollardRho.factorUnsigned(-1L)); // 3 * 5 * 17 * 257 * 641 * 65537 * 6700417
        assertProperFactor(-2L, PollardRho.factorUnsigned(-2L));
        long g = PollardRho.factorUnsigned(p * 4_294_967_279L); // the two largest primes below 2^32
        assertTrue(g == p || g == 4_294_967_279L, "factor " + g);
    }

    @Test
    void shouldFactorCarmichaelNumbersAndStrongPseudoprimes() {
        for (long n : MillerRabinTest.CARMICHAEL) {
            assertProperFactor(n, PollardRho.factor(n));
        }
        for (long n : MillerRabinTest.STRONG_PSEUDOPRIMES) {
            assertProperFactor(n, PollardRho.factor(n));
        }
        for (long n : MillerRabinTest.chernickCarmichaels(Long.MIN_VALUE, 10)) {
            assertProperFactor(n, PollardRho.factorUnsigned(n));
        }
    }

    @Test
    void shouldFactorRandomCompositesOfEverySize() {
        Random random = new Random(8);
        for (int i = 0; i < 5000; i++) {
            long n = random.nextLong() >>> random.nextInt(60);
            if (Long.compareUnsigned(n, 4) < 0 || MillerRabin.isPrimeUnsigned(n)) {
                continue;
            }
            assertProperFactor(n, PollardRho.factorUnsigned(n));
        }
    }

    @Test
    void shouldRefusePrimesAndNumbersBelowFour() {
        assertThrows(IllegalArgumentException.class, () -> PollardRho.factorUnsigned(-59L)); // 2^64 - 59 is prime
        assertThrows(IllegalArgumentException.class, () -> PollardRho.factorUnsigned(3));
        assertThrows(IllegalArgumentException.class, () -> PollardRho.factor(-4));
        assertThrows(IllegalArgumentException.class, () -> PollardRho.factor(97));
    }

    @Test
    void shouldFindAFactorOfABigNumberWithinItsBudgetOrGiveUp() {
        BigInteger p40 = BigInteger.TEN.pow(39).add(BigInteger.valueOf(3)); // the first 40-digit prime
        assertTrue(p40.isProbablePrime(100));
        BigInteger small = BigInteger.valueOf(100_000_007); // prime, above any trial-division bound
        BigInteger f = PollardRho.factor(p40.multiply(small), 1 << 16);
        assertNotNull(f, "a 27-bit factor takes about 10^4 steps");
        assertEquals(BigInteger.ZERO, p40.multiply(small).mod(f));
        assertTrue(f.equals(small) || f.equals(p40), "factor " + f);

        BigInteger q40 = BigInteger.TEN.pow(39).multiply(BigInteger.valueOf(7)).nextProbablePrime();
        assertNull(PollardRho.factor(p40.multiply(q40), 2000), "two 40-digit factors are out of reach of 2000 steps");
        assertNull(PollardRho.factor(p40, 500), "a prime has no factor to find");
        assertThrows(IllegalArgumentException.class, () -> PollardRho.factor(BigInteger.valueOf(100), 10));
    }

    @Test
    void shouldComputeUnsignedGcds() {
        assertEquals(5, PollardRho.gcdUnsigned(0, 5));
        assertEquals(5, PollardRho.gcdUnsigned(5, 0));
        assertEquals(3, PollardRho.gcdUnsigned(-1L, 3 * 7));
        assertEquals(1, PollardRho.gcdUnsigned(-59L, -58L));
        Random random = new Random(2);
        for (int i = 0; i < 10_000; i++) {
            long a = random.nextLong() >>> random.nextInt(64);
            long b = random.nextLong() >>> random.nextInt(64);
            assertEquals(unsigned(a).gcd(unsigned(b)), unsigned(PollardRho.gcdUnsigned(a, b)), unsigned(a) + ", " + unsigned(b));
        }
    }
}
