package dev.shmc.kernels.montecarlo;

import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link PiStream} on the Vector API: the 8 lanes of a block as two interleaved 256-bit vectors
 * of 4 xoshiro256+ generators ({@code a} = lanes 0–3, {@code b} = lanes 4–7). Every step is an add,
 * xor, shift or rotate and every double is built from mantissa bits, so on AVX2 (no 64-bit lane
 * multiply, no int64→double convert) the whole sample stays in vector registers. The counts equal
 * {@link ScalarPiKernel}'s exactly: same generators, same draw order, and the products and the sum
 * are separate IEEE operations (no FMA).
 *
 * <p>The two independent vector chains give the CPU two xoshiro dependency chains to overlap. The
 * remainder of a partial last block (fewer than 8 samples) is finished with scalar steps from the
 * vector state. The Vector API is hundreds of times slower before C2 has compiled the block loop,
 * so a fresh JVM counts its first blocks with the scalar reference while it warms the loop up
 * ({@link #hot}); results are identical either way, only the speed differs.
 *
 * <p>Where the Vector API prefers 512-bit vectors (AVX-512) the 8 lanes are one vector instead
 * ({@link #countBlockWide}): half the instructions for the same stream, so the same counts.
 * {@code -Dshmc.pi.vectorBits=256|512} chooses either (512 on a CPU without it runs, exactly but
 * slowly, in the Vector API's Java fallback).
 */
final class VectorPiKernel implements PiKernel {
    static final String NAME = "vector";

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_256;
    /** The 8 lanes of a block in one 512-bit vector. */
    private static final VectorSpecies<Long> WIDE = LongVector.SPECIES_512;
    /**
     * Whether this JVM's kernel counts with one 512-bit vector rather than two 256-bit ones:
     * {@code -Dshmc.pi.vectorBits} (256, 512, or auto, the default: the Vector API's preferred width).
     */
    static final boolean WIDE_BY_DEFAULT = wideByDefault(System.getProperty("shmc.pi.vectorBits", "auto"));
    private static final int WIDTH = 4;
    private static final int A = 0;
    private static final int B = WIDTH;

    /**
     * Block sizes of the warm-up calls: remainder only, one full group, both. Tiny, because each
     * Vector API op costs microseconds before C2 and only the number of calls drives compilation.
     */
    private static final int[] WARM_UP_SHAPES = {3, PiStream.LANES, PiStream.LANES + 3};
    /**
     * Warm-up calls before only probes remain: above C2's invocation threshold, so countBlock is
     * queued for C2 by then. That is Tier4InvocationThreshold (5000) by default, and 100 when the
     * JVM runs with shmc's flags, whose CompileCommand scales countBlock's thresholds by 0.02 (each
     * warm-up call costs tens of microseconds before C2: 6000 of them are a tenth of a second).
     */
    private static final int WARM_UP_CALLS = thresholdScaled() ? 512 : 6_000;
    /** Warm-up calls per block: each costs microseconds in C1, so a slice stays around a millisecond. */
    private static final int WARM_UP_SLICE = 256;
    /** Timed single-group calls per block that tell whether C2's code is in. */
    private static final int PROBE_CALLS = 16;
    /**
     * Compiled-code speed of one probe call (8 samples): C2 needs tens of nanoseconds, C1 and the
     * interpreter (every Vector API op allocates there) need microseconds; the threshold sits between.
     */
    private static final long HOT_NANOS_PER_CALL = 250;

    /**
     * Whether C2 has compiled {@link #countBlock}. Until then a block loop of 8192 Vector API
     * iterations would run in the interpreter or C1 for seconds before on-stack replacement, so
     * blocks are counted by the scalar reference instead (the same counts) while short timed
     * warm-up calls between blocks get countBlock compiled through its invocation counter. Set once
     * per JVM; a JIT cache, not kernel state.
     */
    private static volatile boolean hot;
    /** {@link #hot} of {@link #countBlockWide}. */
    private static volatile boolean hotWide;
    /** Warm-up calls made so far; racy across threads, only a pacing hint. */
    private static int warmUpCalls;
    /** {@link #warmUpCalls} of {@link #countBlockWide}. */
    private static int warmUpCallsWide;
    /** Keeps the warm-up results alive so the JIT cannot drop the calls. */
    private static long warmUpSink;

    static {
        if (LONGS.length() != WIDTH || 2 * WIDTH != PiStream.LANES) {
            throw new AssertionError("the vector kernel interleaves two 4-lane vectors: PiStream.LANES must be 8");
        }
    }

    private final boolean coldFallback;
    private final boolean wide;

    static boolean wideByDefault(String bits) {
        return switch (bits.strip()) {
            case "256" -> false;
            case "512" -> true;
            case "auto", "" -> LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
            default -> throw new IllegalArgumentException("shmc.pi.vectorBits must be 256, 512 or auto, not '" + bits + "'");
        };
    }

    /** The vector width this JVM's vector kernel counts with: 512 or 256 bits. */
    static int vectorBits() {
        return WIDE_BY_DEFAULT ? 512 : 256;
    }

    /** Whether this JVM scales countBlock's compile thresholds down (the CompileCommand in shmc's jvm.args). */
    static boolean thresholdScaled() {
        try {
            String method = VectorPiKernel.class.getName() + "::countBlock";
            return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(arg -> arg.startsWith("-XX:CompileCommand=CompileThresholdScaling," + method + ","));
        } catch (RuntimeException | LinkageError e) {
            return false; // no management API: warm up the long way
        }
    }

    /** The kernel of {@link PiKernels}: scalar blocks while C2 has not compiled the vector loop yet. */
    VectorPiKernel() {
        this(true);
    }

    /**
     * @param coldFallback {@code false} runs every block on the vector path even in a cold JVM, for
     *                     tests that must exercise it
     */
    VectorPiKernel(final boolean coldFallback) {
        this(coldFallback, WIDE_BY_DEFAULT);
    }

    /** @param wide one 512-bit vector for the 8 lanes ({@link #countBlockWide}) instead of two 256-bit ones */
    VectorPiKernel(final boolean coldFallback, final boolean wide) {
        this.coldFallback = coldFallback;
        this.wide = wide;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean reproducible() {
        return true;
    }

    @Override
    public long countInside(final long seed, final long samples, final long fromBlock, final long toBlock, final BooleanSupplier stop) {
        PiStream.checkBlockRange(samples, fromBlock, toBlock);
        final long key = PiStream.streamKey(seed);
        final long[] state = new long[PiStream.BLOCK_STATE_LENGTH];
        final boolean coldFallback = this.coldFallback;
        final boolean wide = this.wide;
        long inside = 0;
        Xoshiro256Plus cold = null;
        for (long block = fromBlock; block < toBlock; block++) {
            if (stop.getAsBoolean()) {
                break;
            }
            final int blockSamples = (int) PiStream.samplesInBlock(samples, block);
            if (!coldFallback || (wide ? hotWide : hot) || warmUp(state, wide)) {
                PiStream.seedBlock(key, block, state);
                inside += count(wide, state, blockSamples);
            } else {
                if (cold == null) {
                    cold = new Xoshiro256Plus(1, 0, 0, 0);
                }
                inside += ScalarPiKernel.countBlock(cold, key, block, blockSamples);
            }
        }
        return inside;
    }

    /**
     * One slice of the JIT warm-up of {@link #countBlock}: until {@link #WARM_UP_CALLS} calls have
     * been made, a batch of calls on tiny blocks of every shape (remainder only, full groups only,
     * both) so that C2 compiles it with every path profiled; then a timed probe of single-group
     * calls. Returns {@code true}, and sets {@link #hot}, once the probe runs at compiled speed.
     * {@code scratch} is overwritten.
     */
    private static boolean warmUp(final long[] scratch, final boolean wide) {
        PiStream.seedBlock(0, 0, scratch);
        long sum = 0;
        if ((wide ? warmUpCallsWide : warmUpCalls) < WARM_UP_CALLS) {
            for (int i = 0; i < WARM_UP_SLICE; i++) {
                sum += count(wide, scratch, WARM_UP_SHAPES[i % WARM_UP_SHAPES.length]);
            }
            if (wide) {
                warmUpCallsWide += WARM_UP_SLICE;
            } else {
                warmUpCalls += WARM_UP_SLICE;
            }
        }
        final long start = System.nanoTime();
        for (int i = 0; i < PROBE_CALLS; i++) {
            scratch[0] += sum; // a different input per call: the JIT cannot hoist the work out of the probe
            sum += count(wide, scratch, PiStream.LANES);
        }
        final long elapsed = System.nanoTime() - start;
        warmUpSink += sum;
        if (elapsed < PROBE_CALLS * HOT_NANOS_PER_CALL) {
            if (wide) {
                hotWide = true;
            } else {
                hot = true;
            }
        }
        return wide ? hotWide : hot;
    }

    /** {@link #countBlockWide} or {@link #countBlock}. */
    private static long count(final boolean wide, final long[] state, final int blockSamples) {
        return wide ? countBlockWide(state, blockSamples) : countBlock(state, blockSamples);
    }

    /**
     * Counts one block from the lane states in {@code state} (layout of
     * {@link PiStream#seedBlock(long, long, long[])}). For a partial block the states after its
     * full groups of 8 samples are stored back into {@code state} for the scalar remainder.
     */
    private static long countBlock(final long[] state, final int blockSamples) {
        final int lanes = PiStream.LANES;
        LongVector a0 = LongVector.fromArray(LONGS, state, 0 * lanes + A);
        LongVector a1 = LongVector.fromArray(LONGS, state, 1 * lanes + A);
        LongVector a2 = LongVector.fromArray(LONGS, state, 2 * lanes + A);
        LongVector a3 = LongVector.fromArray(LONGS, state, 3 * lanes + A);
        LongVector b0 = LongVector.fromArray(LONGS, state, 0 * lanes + B);
        LongVector b1 = LongVector.fromArray(LONGS, state, 1 * lanes + B);
        LongVector b2 = LongVector.fromArray(LONGS, state, 2 * lanes + B);
        LongVector b3 = LongVector.fromArray(LONGS, state, 3 * lanes + B);
        final long oneBits = PiStream.ONE_BITS;
        final int shift = PiStream.MANTISSA_SHIFT;

        long inside = 0;
        for (int groups = blockSamples / lanes; groups > 0; groups--) {
            // x of lanes 0-3: output, then one xoshiro256+ step
            final LongVector xa = a0.add(a3);
            LongVector t = a1.lanewise(VectorOperators.LSHL, 17);
            a2 = a2.lanewise(VectorOperators.XOR, a0);
            a3 = a3.lanewise(VectorOperators.XOR, a1);
            a1 = a1.lanewise(VectorOperators.XOR, a2);
            a0 = a0.lanewise(VectorOperators.XOR, a3);
            a2 = a2.lanewise(VectorOperators.XOR, t);
            a3 = a3.lanewise(VectorOperators.ROL, 45);
            // x of lanes 4-7
            final LongVector xb = b0.add(b3);
            t = b1.lanewise(VectorOperators.LSHL, 17);
            b2 = b2.lanewise(VectorOperators.XOR, b0);
            b3 = b3.lanewise(VectorOperators.XOR, b1);
            b1 = b1.lanewise(VectorOperators.XOR, b2);
            b0 = b0.lanewise(VectorOperators.XOR, b3);
            b2 = b2.lanewise(VectorOperators.XOR, t);
            b3 = b3.lanewise(VectorOperators.ROL, 45);
            // y of lanes 0-3
            final LongVector ya = a0.add(a3);
            t = a1.lanewise(VectorOperators.LSHL, 17);
            a2 = a2.lanewise(VectorOperators.XOR, a0);
            a3 = a3.lanewise(VectorOperators.XOR, a1);
            a1 = a1.lanewise(VectorOperators.XOR, a2);
            a0 = a0.lanewise(VectorOperators.XOR, a3);
            a2 = a2.lanewise(VectorOperators.XOR, t);
            a3 = a3.lanewise(VectorOperators.ROL, 45);
            // y of lanes 4-7
            final LongVector yb = b0.add(b3);
            t = b1.lanewise(VectorOperators.LSHL, 17);
            b2 = b2.lanewise(VectorOperators.XOR, b0);
            b3 = b3.lanewise(VectorOperators.XOR, b1);
            b1 = b1.lanewise(VectorOperators.XOR, b2);
            b0 = b0.lanewise(VectorOperators.XOR, b3);
            b2 = b2.lanewise(VectorOperators.XOR, t);
            b3 = b3.lanewise(VectorOperators.ROL, 45);

            // PiStream.unitDouble on 4 lanes, written out: a helper method here would exceed C2's
            // NodeCountInliningCutoff in this large loop and box every vector
            final DoubleVector dxa = xa.lanewise(VectorOperators.LSHR, shift).or(oneBits).reinterpretAsDoubles().sub(1.0);
            final DoubleVector dya = ya.lanewise(VectorOperators.LSHR, shift).or(oneBits).reinterpretAsDoubles().sub(1.0);
            final DoubleVector dxb = xb.lanewise(VectorOperators.LSHR, shift).or(oneBits).reinterpretAsDoubles().sub(1.0);
            final DoubleVector dyb = yb.lanewise(VectorOperators.LSHR, shift).or(oneBits).reinterpretAsDoubles().sub(1.0);
            // mul, mul, add: three roundings, as in PiStream.inside (lanewise FMA would differ)
            inside += dxa.mul(dxa).add(dya.mul(dya)).compare(VectorOperators.LE, 1.0).trueCount();
            inside += dxb.mul(dxb).add(dyb.mul(dyb)).compare(VectorOperators.LE, 1.0).trueCount();
        }

        final int remainder = blockSamples % lanes;
        if (remainder != 0) {
            a0.intoArray(state, 0 * lanes + A);
            a1.intoArray(state, 1 * lanes + A);
            a2.intoArray(state, 2 * lanes + A);
            a3.intoArray(state, 3 * lanes + A);
            b0.intoArray(state, 0 * lanes + B);
            b1.intoArray(state, 1 * lanes + B);
            b2.intoArray(state, 2 * lanes + B);
            b3.intoArray(state, 3 * lanes + B);
            inside += countRemainder(state, remainder);
        }
        return inside;
    }

    /**
     * {@link #countBlock} with the 8 lanes in one 512-bit vector per state word: the same
     * generators, draws and IEEE operations, so the same count, in half the instructions where the
     * CPU has 512-bit vectors.
     */
    private static long countBlockWide(final long[] state, final int blockSamples) {
        final int lanes = PiStream.LANES;
        LongVector s0 = LongVector.fromArray(WIDE, state, 0);
        LongVector s1 = LongVector.fromArray(WIDE, state, lanes);
        LongVector s2 = LongVector.fromArray(WIDE, state, 2 * lanes);
        LongVector s3 = LongVector.fromArray(WIDE, state, 3 * lanes);
        final long oneBits = PiStream.ONE_BITS;
        final int shift = PiStream.MANTISSA_SHIFT;

        long inside = 0;
        for (int groups = blockSamples / lanes; groups > 0; groups--) {
            // x of every lane: output, then one xoshiro256+ step
            final LongVector x = s0.add(s3);
            LongVector t = s1.lanewise(VectorOperators.LSHL, 17);
            s2 = s2.lanewise(VectorOperators.XOR, s0);
            s3 = s3.lanewise(VectorOperators.XOR, s1);
            s1 = s1.lanewise(VectorOperators.XOR, s2);
            s0 = s0.lanewise(VectorOperators.XOR, s3);
            s2 = s2.lanewise(VectorOperators.XOR, t);
            s3 = s3.lanewise(VectorOperators.ROL, 45);
            // y of every lane
            final LongVector y = s0.add(s3);
            t = s1.lanewise(VectorOperators.LSHL, 17);
            s2 = s2.lanewise(VectorOperators.XOR, s0);
            s3 = s3.lanewise(VectorOperators.XOR, s1);
            s1 = s1.lanewise(VectorOperators.XOR, s2);
            s0 = s0.lanewise(VectorOperators.XOR, s3);
            s2 = s2.lanewise(VectorOperators.XOR, t);
            s3 = s3.lanewise(VectorOperators.ROL, 45);
            // PiStream.unitDouble written out, and mul, mul, add: three roundings, as in PiStream.inside
            final DoubleVector dx = x.lanewise(VectorOperators.LSHR, shift).or(oneBits).reinterpretAsDoubles().sub(1.0);
            final DoubleVector dy = y.lanewise(VectorOperators.LSHR, shift).or(oneBits).reinterpretAsDoubles().sub(1.0);
            inside += dx.mul(dx).add(dy.mul(dy)).compare(VectorOperators.LE, 1.0).trueCount();
        }

        final int remainder = blockSamples % lanes;
        if (remainder != 0) {
            s0.intoArray(state, 0);
            s1.intoArray(state, lanes);
            s2.intoArray(state, 2 * lanes);
            s3.intoArray(state, 3 * lanes);
            inside += countRemainder(state, remainder);
        }
        return inside;
    }

    /** The last sample of lanes {@code [0, remainder)}, from the lane states left in {@code state}. */
    private static long countRemainder(final long[] state, final int remainder) {
        final int lanes = PiStream.LANES;
        final Xoshiro256Plus rng = new Xoshiro256Plus(1, 0, 0, 0);
        long inside = 0;
        for (int lane = 0; lane < remainder; lane++) {
            rng.setState(state[lane], state[lanes + lane], state[2 * lanes + lane], state[3 * lanes + lane]);
            final double x = PiStream.unitDouble(rng.nextLong());
            final double y = PiStream.unitDouble(rng.nextLong());
            if (PiStream.inside(x, y)) {
                inside++;
            }
        }
        return inside;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
