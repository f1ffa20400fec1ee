package dev.shmc.engine.results;

import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;

/** Kernels written the way a user writes them: typed results of any size, natural floating-point reductions. */
public final class UserKernels {
    private UserKernels() {
    }

    /** A deterministic, irregular double per unit. */
    public static double value(long i) {
        long z = i * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (z >>> 11) * 0x1.0p-53 * 1000.0 - 333.3;
    }

    /** The bin of unit {@code i} among {@code bins}. */
    public static int bin(long i, int bins) {
        return (int) Math.floorMod(i * 0x9E3779B97F4A7C15L >>> 7, (long) bins);
    }

    /** Histogram of units into {@code bins} bins (a result of {@code bins} longs). */
    public static final class Histogram implements Kernel {
        private int bins;

        @Override
        public ResultLayout resultLayout(Params params) {
            return ResultLayout.longs((int) params.getLong("bins"));
        }

        @Override
        public void init(KernelContext ctx) {
            bins = (int) ctx.params().getLong("bins");
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, Result out) {
            for (long i = from; i < to; i++) {
                out.addLong(bin(i, bins), 1);
            }
        }
    }

    /** Word j of the result is the sum of the units i with i mod words == j (a result of {@code words} longs). */
    public static final class ResidueSums implements Kernel {
        @Override
        public ResultLayout resultLayout(Params params) {
            return ResultLayout.longs((int) params.getLong("words"));
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, Result out) {
            long[] w = out.raw();
            int words = w.length;
            for (long i = from; i < to; i++) {
                w[(int) (i % words)] += i;
            }
        }
    }

    /** Count, mean and M2 of {@link #value} over the units (Welford per chunk, Chan's formula to combine): three doubles. */
    public static final class Moments implements Kernel {
        @Override
        public ResultLayout resultLayout(Params params) {
            return ResultLayout.doubles(3);
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, Result out) {
            double n = 0;
            double mean = 0;
            double m2 = 0;
            for (long i = from; i < to; i++) {
                double x = value(i);
                n++;
                double d = x - mean;
                mean += d / n;
                m2 += d * (x - mean);
            }
            out.setDouble(0, n);
            out.setDouble(1, mean);
            out.setDouble(2, m2);
        }

        @Override
        public void combine(Result acc, Result part) {
            double na = acc.getDouble(0);
            double nb = part.getDouble(0);
            if (nb == 0) {
                return;
            }
            double n = na + nb;
            double d = part.getDouble(1) - acc.getDouble(1);
            acc.setDouble(0, n);
            acc.setDouble(1, acc.getDouble(1) + d * nb / n);
            acc.setDouble(2, acc.getDouble(2) + part.getDouble(2) + d * d * na * nb / n);
        }
    }

    /** Sum and sum of squares of {@link #value} (doubles, the default element-wise combine), then a count (a long). */
    public static final class SumsAndCount implements Kernel {
        @Override
        public ResultLayout resultLayout(Params params) {
            return ResultLayout.doubles(2).thenLongs(1);
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, Result out) {
            for (long i = from; i < to; i++) {
                double x = value(i);
                out.addDouble(0, x);
                out.addDouble(1, x * x);
                out.addLong(2, 1);
            }
        }
    }
}
