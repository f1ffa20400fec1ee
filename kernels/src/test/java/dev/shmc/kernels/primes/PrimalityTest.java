package dev.shmc.kernels.primes;

import static dev.shmc.kernels.primes.BailliePswTest.mersenne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.kernels.primes.Primality.Status;
import dev.shmc.kernels.primes.Primality.Verdict;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken loop does not answer interrupts
class PrimalityTest {
    private static final BigInteger P40 = BigInteger.TEN.pow(39).add(BigInteger.valueOf(3));
    private static final BigInteger Q40 = BigInteger.TEN.pow(39).multiply(BigInteger.valueOf(7)).nextProbablePrime();

    /** A composite verdict carries its proof: a proper factor, or a base that n fails the strong test to. */
    private static void assertProvenComposite(BigInteger n, Verdict v) {
        assertEquals(Status.COMPOSITE, v.status(), n.toString());
        assertFalse(v.prime());
        if (v.factor() != null) {
            assertTrue(v.factor().compareTo(BigInteger.ONE) > 0 && v.factor().compareTo(n) < 0, "proper factor " + v.factor());
            assertEquals(BigInteger.ZERO, n.mod(v.factor()), v.factor() + " divides " + n);
            assertEquals(0, v.witness());
        } else if (v.witness() != 0) {
            assertFalse(MillerRabin.isStrongProbablePrime(n, BigInteger.valueOf(v.witness())), "witness " + v.witness() + " of " + n);
        } else {
            assertFalse(BailliePsw.isStrongLucasProbablePrime(n), n + " fails the strong Lucas test");
        }
    }

    @Test
    void shouldAnswerExactlyWithAFactorBelowTwoToThe64() {
        assertEquals(Status.NEITHER, Primality.test(BigInteger.ZERO).status());
        assertEquals(Status.NEITHER, Primality.test(BigInteger.ONE).status());
        assertEquals(Status.PRIME, Primality.test(BigInteger.TWO).status());
        assertEquals(new Verdict(Status.PRIME, null, 0), Primality.test(MillerRabinTest.unsigned(-59L)));
        BigInteger max = MillerRabinTest.unsigned(-1L);
        assertProvenComposite(max, Primality.test(max));
        BigInteger psi11 = BigInteger.valueOf(3_825_123_056_546_413_051L);
        assertProvenComposite(psi11, Primality.test(psi11));
        assertThrows(IllegalArgumentException.class, () -> Primality.test(BigInteger.valueOf(-1)));
    }

    @Test
    void shouldCallBigPrimesProbablePrimes() {
        for (int p : new int[] {89, 127, 521, 1279, 2203}) {
            Verdict v = Primality.test(mersenne(p));
            assertEquals(new Verdict(Status.PROBABLE_PRIME, null, 0), v, "2^" + p + " - 1");
            assertTrue(v.prime());
        }
        assertEquals(Status.PROBABLE_PRIME, Primality.test(Primality.TWO_TO_64.add(BigInteger.valueOf(13))).status(), "2^64 + 13");
    }

    @Test
    void shouldGiveASmallFactorOfABigCompositeWhenTrialDivisionOrRhoFindsOne() {
        assertEquals(BigInteger.TWO, Primality.test(Primality.TWO_TO_64).factor());
        assertEquals(BigInteger.valueOf(274_177), Primality.test(Primality.TWO_TO_64.add(BigInteger.ONE)).factor(), "2^64 + 1 = 274177 * 67280421310721");
        assertEquals(BigInteger.valueOf(1_000_003), Primality.test(P40.multiply(BigInteger.valueOf(1_000_003))).factor(), "by trial division");
        BigInteger n = P40.multiply(BigInteger.valueOf(100_000_007)).multiply(Q40);
        Verdict v = Primality.test(n);
        assertProvenComposite(n, v);
        assertEquals(BigInteger.valueOf(100_000_007), v.factor(), "by Pollard's rho, beyond the trial bound");
        BigInteger cole = mersenne(67);
        assertEquals(BigInteger.valueOf(193_707_721), Primality.test(cole).factor(), "2^67 - 1 = 193707721 * 761838257287");
    }

    @Test
    void shouldProveABigCompositeWithoutASmallFactorByAWitness() {
        BigInteger n = P40.multiply(Q40);
        Verdict v = Primality.test(n);
        assertProvenComposite(n, v);
        assertNull(v.factor(), "two 40-digit factors: none found");
        assertEquals(2, v.witness());
    }

    @Test
    void shouldProveStrongPseudoprimesToEverySmallBaseCompositeWithALargerWitnessOrAFactor() {
        for (BigInteger psi : new BigInteger[] {BailliePswTest.PSI_12, BailliePswTest.PSI_13}) {
            Verdict v = Primality.test(psi);
            assertProvenComposite(psi, v);
            assertTrue(v.factor() != null || v.witness() > 37, "no base up to 37 is a witness: " + v);
        }
    }

    @Test
    void shouldProveBigCarmichaelNumbersComposite() {
        // Chernick: (6k + 1)(12k + 1)(18k + 1) with the three prime, beyond 2^64
        int found = 0;
        for (long k = 1_000_000_000L; found < 5; k++) {
            BigInteger a = BigInteger.valueOf(6 * k + 1);
            BigInteger b = BigInteger.valueOf(12 * k + 1);
            BigInteger c = BigInteger.valueOf(18 * k + 1);
            if (a.isProbablePrime(60) && b.isProbablePrime(60) && c.isProbablePrime(60)) {
                BigInteger n = a.multiply(b).multiply(c);
                assertEquals(BigInteger.ONE, BigInteger.TWO.modPow(n.subtract(BigInteger.ONE), n), "a Fermat pseudoprime to base 2");
                assertProvenComposite(n, Primality.test(n));
                found++;
            }
        }
    }
}
