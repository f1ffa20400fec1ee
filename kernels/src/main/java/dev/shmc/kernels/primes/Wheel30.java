package dev.shmc.kernels.primes;

/**
 * The mod-30 wheel the sieve is laid out on. Byte {@code j} of the sieve stands for the 30 numbers
 * {@code [30j, 30j + 30)}; its bit {@code b} for the number {@code 30j + RESIDUES[b]}, the 8 residues
 * coprime to 30. 2, 3 and 5 have no bit and are handled apart.
 *
 * <p>A sieving prime {@code p = 30q + r} (r one of the residues) crosses off the multiples
 * {@code p*k} with k coprime to 30 (the others are not on the wheel). Stepping k from residue
 * {@code RESIDUES[w]} to the next one moves the multiple by
 * {@code q * K_STEP[w] + STEP_CARRY[8*ri + w]} bytes, and {@link #CLEAR} holds the AND-mask that
 * clears the multiple's bit. All tables depend only on (ri, w): 64 entries, resident in L1.
 */
final class Wheel30 {
    private Wheel30() {
    }

    /** The residues coprime to 30, bit b of a byte stands for 30j + RESIDUES[b]. */
    static final int[] RESIDUES = {1, 7, 11, 13, 17, 19, 23, 29};

    /** Index of a residue in {@link #RESIDUES}, -1 for numbers that share a factor with 30. */
    static final int[] RESIDUE_INDEX = new int[30];

    /** Distance from x (0..29) up to the next residue coprime to 30 (0 when x is one). */
    static final int[] TO_NEXT_RESIDUE = new int[30];

    /** Step of the cofactor k from RESIDUES[w] to the next residue (29 steps to 31 = 1 + 30). */
    static final int[] K_STEP = {6, 4, 2, 4, 2, 4, 6, 2};

    /** Bytes a multiple moves besides q * K_STEP[w], by [8 * residue index of p + w]. */
    static final int[] STEP_CARRY = new int[64];

    /** AND-mask clearing the bit of p*k, by [8 * residue index of p + w] with k = RESIDUES[w] mod 30. */
    static final byte[] CLEAR = new byte[64];

    static {
        java.util.Arrays.fill(RESIDUE_INDEX, -1);
        for (int b = 0; b < 8; b++) {
            RESIDUE_INDEX[RESIDUES[b]] = b;
        }
        for (int x = 0; x < 30; x++) {
            int d = 0;
            while (RESIDUE_INDEX[(x + d) % 30] < 0) {
                d++;
            }
            TO_NEXT_RESIDUE[x] = d;
        }
        for (int ri = 0; ri < 8; ri++) {
            int r = RESIDUES[ri];
            for (int w = 0; w < 8; w++) {
                int productResidue = r * RESIDUES[w] % 30;
                STEP_CARRY[8 * ri + w] = (productResidue + r * K_STEP[w]) / 30;
                CLEAR[8 * ri + w] = (byte) ~(1 << RESIDUE_INDEX[productResidue]);
            }
        }
    }

    /**
     * Bytes from the start of a wheel cycle of p = 30q + RESIDUES[ri] (the multiple p*k with
     * k = 1 mod 30) to its multiple with wheel index w.
     */
    static int cycleOffset(int q, int ri, int w) {
        return q * (RESIDUES[w] - 1) + RESIDUES[ri] * RESIDUES[w] / 30;
    }

    /** Index of p mod 30 in {@link #RESIDUES}; p must be coprime to 30. */
    static int residueIndex(long p) {
        return RESIDUE_INDEX[(int) (p % 30)];
    }

    /**
     * The first multiple {@code p*k >= atLeast} of a prime p >= 7 with k coprime to 30, packed as
     * {@code k's residue index} in the low 3 bits and the multiple's byte ({@code (p*k) / 30}) above.
     * Callers keep atLeast + 30p below 2^62.
     */
    static long firstMultiple(long p, long atLeast) {
        long k = (atLeast + p - 1) / p;
        k += TO_NEXT_RESIDUE[(int) (k % 30)];
        return (p * k / 30) << 3 | RESIDUE_INDEX[(int) (k % 30)];
    }
}
