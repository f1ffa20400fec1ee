package dev.shmc.kernels.primes;

import static dev.shmc.kernels.primes.MillerRabinTest.unsigned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Montgomery64Test {
    /** The plain residue of a Montgomery form x: x / 2^64 mod n. */
    private static BigInteger plain(long x, BigInteger n) {
        return unsigned(x).multiply(BigInteger.ONE.shiftLeft(64).modInverse(n)).mod(n);
    }

    @Test
    void shouldMultiplyAddAndPowerLikeBigIntegerForModuliOfEverySizeUpToTwoToThe64() {
        Random random = new Random(6);
        for (int i = 0; i < 20_000; i++) {
            long modulus = (random.nextLong() >>> random.nextInt(62)) | 1;
            if (i % 4 == 0) {
                modulus |= Long.MIN_VALUE; // a quarter at or above 2^63, where sums pass 2^64
            }
            if (modulus == 1) {
                continue;
            }
            Montgomery64 m = new Montgomery64(modulus);
            BigInteger n = unsigned(modulus);
            assertEquals(BigInteger.ONE, plain(m.one, n), "one, n = " + n);
            long a = unsigned(random.nextLong()).mod(n).longValue();
            long b = unsigned(random.nextLong()).mod(n).longValue();
            BigInteger ra = plain(a, n);
            BigInteger rb = plain(b, n);
            assertEquals(ra.multiply(rb).mod(n), plain(m.multiply(a, b), n), "product, n = " + n);
            assertEquals(ra.add(rb).mod(n), plain(m.add(a, b), n), "sum, n = " + n);
            int small = 1 + random.nextInt(100);
            assertEquals(BigInteger.valueOf(small).mod(n), plain(m.ofSmall(small), n), small + " mod " + n);
            long e = random.nextLong();
            assertEquals(ra.modPow(unsigned(e), n), plain(m.pow(a, e), n), "power, n = " + n);
        }
        Montgomery64 max = new Montgomery64(-1L); // 2^64 - 1: the largest modulus
        long minusOne = -1L - max.one;
        assertEquals(max.one, max.multiply(minusOne, minusOne), "(-1)^2 = 1 mod 2^64 - 1");
        assertThrows(IllegalArgumentException.class, () -> new Montgomery64(1));
        assertThrows(IllegalArgumentException.class, () -> new Montgomery64(-2L));
    }
}
