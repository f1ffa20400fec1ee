package dev.shmc.kernels.primes;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pre-sieve's AND of four patterns a vector at a time ({@link PreSieve}), at the Vector API's
 * preferred width (32 bytes on AVX2, 64 on AVX-512; at most {@link PreSieve#SLACK}). Apart so that
 * a JVM without the Vector API's module ({@code --add-modules jdk.incubator.vector}, in shmc's JVM
 * flags) never loads it: loading it loads the Vector API, so only {@link PreSieve#VECTORS_AVAILABLE}
 * says whether it may be used.
 */
final class PreSieveVectors {
    private PreSieveVectors() {
    }

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;

    /** Bytes per vector. */
    static int bytes() {
        return BYTES.length();
    }

    /**
     * dst[at, at + run) = (or &=, unless {@code first}) a[ao..] & b[bo..] & c[co..] & d[dO..], in
     * whole vectors: may read and write up to a vector past the run.
     */
    static void and(byte[] dst, int at, int run, boolean first, byte[] a, int ao, byte[] b, int bo,
                    byte[] c, int co, byte[] d, int dO) {
        final VectorSpecies<Byte> species = BYTES;
        final int step = species.length();
        for (int j = 0; j < run; j += step) {
            ByteVector x = ByteVector.fromArray(species, a, ao + j).and(ByteVector.fromArray(species, b, bo + j))
                    .and(ByteVector.fromArray(species, c, co + j)).and(ByteVector.fromArray(species, d, dO + j));
            if (!first) {
                x = x.and(ByteVector.fromArray(species, dst, at + j));
            }
            x.intoArray(dst, at + j);
        }
    }
}
