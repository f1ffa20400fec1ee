package dev.shmc.bench.jmh;

import dev.shmc.kernels.montecarlo.SplitMix64;
import dev.shmc.kernels.montecarlo.UnitStream;
import dev.shmc.kernels.montecarlo.Xoshiro256PlusPlus;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a per-unit random stream ({@code KernelContext.random(unit)}, {@link UnitStream}) costs: a
 * unit that creates its generator and draws {@link #draws} doubles, against the anchor of the same
 * draws from one long-lived generator (the difference is the creation), and against a
 * {@link SplittableRandom} made per unit the way {@code ctx.random()} is made per chunk. The
 * {@code escaping} variants pass the generator to a method that is never inlined, so it cannot be
 * scalar-replaced and is really allocated, as in a kernel whose loop is too large to inline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UnitStreamBenchmark {
    /** Doubles drawn per unit. */
    @Param({"1", "256"})
    public int draws;

    private final long seed = 42;
    private final Xoshiro256PlusPlus longLived = UnitStream.generator(42, 0);
    private long unit;

    @Benchmark
    public double unitStream() {
        return sum(UnitStream.generator(seed, unit++), draws);
    }

    @Benchmark
    public double unitStreamEscaping() {
        return sumNotInlined(UnitStream.generator(seed, unit++), draws);
    }

    @Benchmark
    public double oneLongLivedStream() {
        return sum(longLived, draws);
    }

    @Benchmark
    public double splittableRandomPerUnit() {
        return sum(new SplittableRandom(SplitMix64.output(seed, unit++)), draws);
    }

    private static double sum(RandomGenerator rng, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += rng.nextDouble();
        }
        return s;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static double sumNotInlined(RandomGenerator rng, int n) {
        return sum(rng, n);
    }
}
