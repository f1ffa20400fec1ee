package dev.shmc.kernels.primes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken loop does not answer interrupts
class BailliePswTest {
    /** The strong Lucas pseudoprimes with Selfridge's parameters below 10^5 (OEIS A217255): every one. */
    static final long[] STRONG_LUCAS_PSEUDOPRIMES = {5459, 5777, 10877, 16109, 18971, 22499, 24569, 25199, 40309, 58519, 75077, 97439};

    /** Strong pseudoprimes to base 2 (OEIS A001262). */
    static final long[] BASE_2_STRONG_PSEUDOPRIMES = {2047, 3277, 4033, 4681, 8321, 15841, 29341, 42799, 49141, 52633, 65281,
        74665, 80581, 85489, 88357, 90751, 3_825_123_056_546_413_051L};

    /** The smallest strong pseudoprimes to all the prime bases up to 37 and up to 41 (OEIS A014233): beyond 2^64. */
    static final BigInteger PSI_12 = new BigInteger("318665857834031151167461");
    static final BigInteger PSI_13 = new BigInteger("3317044064679887385961981");

    static BigInteger mersenne(int p) {
        return BigInteger.ONE.shiftLeft(p).subtract(BigInteger.ONE);
    }

    @Test
    void shouldPassEveryPrimeAndExactlyTheKnownStrongLucasPseudoprimesBelowTenToTheFive() {
        boolean[] prime = PrimesReference.primality(0, 100_000);
        List<Long> pseudoprimes = new ArrayList<>();
        for (int n = 3; n < prime.length; n += 2) {
            boolean lucas = BailliePsw.isStrongLucasProbablePrime(BigInteger.valueOf(n));
            if (prime[n]) {
                assertTrue(lucas, "prime " + n);
            } else if (lucas) {
                pseudoprimes.add((long) n);
            }
        }
        assertEquals(java.util.Arrays.stream(STRONG_LUCAS_PSEUDOPRIMES).boxed().toList(), pseudoprimes);
    }

    @Test
    void shouldRejectStrongLucasPseudoprimesByTheBaseTwoTestAndBaseTwoPseudoprimesByTheLucasTest() {
        for (long n : STRONG_LUCAS_PSEUDOPRIMES) {
            assertFalse(MillerRabin.isStrongProbablePrime(BigInteger.valueOf(n), BigInteger.TWO), "base 2 catches " + n);
        }
        for (long n : BASE_2_STRONG_PSEUDOPRIMES) {
            BigInteger b = BigInteger.valueOf(n);
            assertTrue(MillerRabin.isStrongProbablePrime(b, BigInteger.TWO), n + " is a base-2 strong pseudoprime");
            assertFalse(BailliePsw.isStrongLucasProbablePrime(b), "the Lucas test catches " + n);
        }
    }

    @Test
    void shouldRejectTheStrongPseudoprimesToAllSmallPrimeBasesBeyondTwoToThe64() {
        int[] bases = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
        for (int base : bases) {
            assertTrue(MillerRabin.isStrongProbablePrime(PSI_12, BigInteger.valueOf(base)), "psi_12 passes base " + base);
            assertTrue(MillerRabin.isStrongProbablePrime(PSI_13, BigInteger.valueOf(base)), "psi_13 passes base " + base);
        }
        assertTrue(MillerRabin.isStrongProbablePrime(PSI_13, BigInteger.valueOf(41)));
        assertFalse(BailliePsw.isProbablePrime(PSI_12), "399165290221 * 798330580441");
        assertFalse(BailliePsw.isProbablePrime(PSI_13), "1287836182261 * 2575672364521");
    }

    @Test
    void shouldPassKnownBigPrimes() {
        for (int p : new int[] {89, 107, 127, 521, 607, 1279}) {
            assertTrue(BailliePsw.isProbablePrime(mersenne(p)), "2^" + p + " - 1");
        }
        assertTrue(BailliePsw.isProbablePrime(BigInteger.TEN.pow(100).add(BigInteger.valueOf(267))), "10^100 + 267, the first prime after a googol");
        assertTrue(BailliePsw.isProbablePrime(BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(13))), "2^64 + 13, the first prime above 2^64");
    }

    @Test
    void shouldRejectKnownBigComposites() {
        assertFalse(BailliePsw.isProbablePrime(mersenne(67)), "2^67 - 1 = 193707721 * 761838257287 (Cole, 1903)");
        assertFalse(BailliePsw.isProbablePrime(BigInteger.ONE.shiftLeft(128).add(BigInteger.ONE)), "F7");
        assertFalse(BailliePsw.isProbablePrime(BigInteger.ONE.shiftLeft(256).add(BigInteger.ONE)), "F8");
        BigInteger p40 = BigInteger.TEN.pow(39).add(BigInteger.valueOf(3));
        BigInteger q40 = BigInteger.TEN.pow(39).multiply(BigInteger.valueOf(7)).nextProbablePrime();
        assertFalse(BailliePsw.isProbablePrime(p40.multiply(q40)), "a product of two 40-digit primes");
        assertFalse(BailliePsw.isProbablePrime(p40.multiply(p40)), "a square");
        for (int k = 1; k < 100; k++) {
            assertFalse(BailliePsw.isProbablePrime(mersenne(89).multiply(BigInteger.valueOf(2L * k + 1))), "2^89 - 1 times " + (2 * k + 1));
        }
    }

    @Test
    void shouldAgreeWithBigIntegerOnRandomNumbersBeyondTwoToThe64() {
        Random random = new Random(4);
        int primes = 0;
        for (int i = 0; i < 4000; i++) {
            BigInteger n = new BigInteger(65 + random.nextInt(300), random).setBit(64).setBit(0);
            boolean expected = n.isProbablePrime(100);
            primes += expected ? 1 : 0;
            assertEquals(expected, BailliePsw.isProbablePrime(n), "n = " + n);
        }
        assertTrue(primes > 10, "some primes among them: " + primes);
        for (int i = 0; i < 300; i++) {
            BigInteger p = BigInteger.probablePrime(65 + random.nextInt(500), random);
            assertTrue(BailliePsw.isProbablePrime(p), "prime " + p);
        }
    }

    @Test
    void shouldAnswerExactlyBelowTwoToThe64() {
        assertTrue(BailliePsw.isProbablePrime(MillerRabinTest.unsigned(-59L)));
        assertFalse(BailliePsw.isProbablePrime(MillerRabinTest.unsigned(-1L)));
        assertFalse(BailliePsw.isProbablePrime(BigInteger.ONE));
        assertFalse(BailliePsw.isProbablePrime(BigInteger.valueOf(-7)));
        assertTrue(BailliePsw.isProbablePrime(BigInteger.TWO));
        assertThrows(IllegalArgumentException.class, () -> BailliePsw.isStrongLucasProbablePrime(BigInteger.valueOf(10)));
    }

    @Test
    void shouldComputeJacobiSymbolsAsEulersCriterionForPrimesAndAsTheirProductOtherwise() {
        boolean[] prime = PrimesReference.primality(0, 400);
        for (long m = 3; m < 400; m += 2) {
            for (long a = -61; a <= 61; a += 2) {
                int expected = 1;
                long rest = m;
                for (long p = 3; p <= rest; p += 2) {
                    while (prime[(int) p] && rest % p == 0) {
                        rest /= p;
                        long r = BigInteger.valueOf(a).mod(BigInteger.valueOf(p))
                                .modPow(BigInteger.valueOf((p - 1) / 2), BigInteger.valueOf(p)).longValue();
                        expected *= r == 0 ? 0 : r == 1 ? 1 : -1;
                    }
                }
                assertEquals(expected, BailliePsw.jacobi(a, BigInteger.valueOf(m)), "(" + a + "/" + m + ")");
            }
        }
    }
}
