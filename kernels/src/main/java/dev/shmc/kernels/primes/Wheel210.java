package dev.shmc.kernels.primes;

/**
 * The mod-210 wheel of the large sieving primes ({@link BucketTier}), on the same mod-30 sieve
 * layout ({@link Wheel30}): a prime {@code p = 30q + r} crosses off only the multiples {@code p*k}
 * with k coprime to 210, one in seven fewer than on the mod-30 wheel. The multiples with 7 | k
 * are multiples of 7, which the pre-sieve has crossed off already ({@link PreSieve}).
 *
 * <p>k steps through the 48 residues coprime to 210. Stepping k from {@code RESIDUES[w]} to the
 * next one ({@code NEXT[w]}) moves the multiple by {@code q * GAP[w] + CARRY[ri << 6 | w]} bytes,
 * where ri is the index of r among the mod-30 residues; {@link #CLEAR} holds the AND-mask of the
 * multiple's bit. The tables depend only on (ri, w), indexed {@code ri << 6 | w} (a shift and an
 * or, where 48 ri + w would take two shifts and an add): 512 entries, 384 of them used.
 */
final class Wheel210 {
    private Wheel210() {
    }

    /** Residues modulo 210 on the wheel. */
    static final int SIZE = 48;

    /** The residues coprime to 210, ascending. */
    static final int[] RESIDUES = new int[SIZE];

    /** Index of a residue in {@link #RESIDUES}, -1 for numbers that share a factor with 210. */
    private static final int[] RESIDUE_INDEX = new int[210];

    /** Distance from x (0..209) up to the next residue coprime to 210 (0 when x is one). */
    private static final int[] TO_NEXT_RESIDUE = new int[210];

    /** Step of k from RESIDUES[w] to the next residue (209 to 211 = 1 + 210 for the last). */
    static final int[] GAP = new int[SIZE];

    /** The wheel index after w. */
    static final int[] NEXT = new int[SIZE];

    /** Bytes a multiple moves besides q * GAP[w], by [residue index of p mod 30 << 6 | w]. */
    static final int[] CARRY = new int[8 << 6];

    /** AND-mask clearing the bit of p*k with k = RESIDUES[w] mod 210, by [residue index of p mod 30 << 6 | w]. */
    static final byte[] CLEAR = new byte[8 << 6];

    /**
     * The tables of the large primes' loop by its state {@code t = ri << 6 | w} alone, 512 entries
     * each, so that {@code t & 511} needs no bounds check against these constant arrays:
     * {@code STEP_GAP[t] = GAP[w]}, and {@code STEP_NEXT[t] = ri << 6 | NEXT[w]}, the state after
     * the step (0 for the unused w from 48 to 63).
     */
    static final int[] STEP_GAP = new int[8 << 6];

    /** See {@link #STEP_GAP}. */
    static final int[] STEP_NEXT = new int[8 << 6];

    static {
        java.util.Arrays.fill(RESIDUE_INDEX, -1);
        for (int x = 1, n = 0; x < 210; x++) {
            if (x % 2 != 0 && x % 3 != 0 && x % 5 != 0 && x % 7 != 0) {
                RESIDUE_INDEX[x] = n;
                RESIDUES[n++] = x;
            }
        }
        for (int x = 0; x < 210; x++) {
            int d = 0;
            while (RESIDUE_INDEX[(x + d) % 210] < 0) {
                d++;
            }
            TO_NEXT_RESIDUE[x] = d;
        }
        for (int w = 0; w < SIZE; w++) {
            int next = w + 1 < SIZE ? RESIDUES[w + 1] : 210 + RESIDUES[0];
            GAP[w] = next - RESIDUES[w];
            NEXT[w] = (w + 1) % SIZE;
            for (int ri = 0; ri < 8; ri++) {
                int r = Wheel30.RESIDUES[ri];
                // byte of p*k = q*k + (r*k) / 30; k = 210m + RESIDUES[w] adds the same 7rm to both ends
                CARRY[ri << 6 | w] = r * next / 30 - r * RESIDUES[w] / 30;
                CLEAR[ri << 6 | w] = (byte) ~(1 << Wheel30.RESIDUE_INDEX[r * RESIDUES[w] % 30]);
                STEP_GAP[ri << 6 | w] = GAP[w];
                STEP_NEXT[ri << 6 | w] = ri << 6 | NEXT[w];
            }
        }
    }

    /**
     * The least k with {@code p*k >= atLeast} and k coprime to 210: the first multiple on the wheel
     * is {@code p*k}, in byte {@code p*k / 30}, with wheel index {@link #wheelIndex}(k). Callers
     * keep atLeast + 210p below 2^63.
     */
    static long firstCofactor(long p, long atLeast) {
        long k = (atLeast + p - 1) / p;
        return k + TO_NEXT_RESIDUE[(int) (k % 210)];
    }

    /** The wheel index of a k coprime to 210. */
    static int wheelIndex(long k) {
        return RESIDUE_INDEX[(int) (k % 210)];
    }
}
