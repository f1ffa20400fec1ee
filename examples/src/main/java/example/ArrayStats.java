package example;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.shm.array.SharedDoubleArray;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mean, standard deviation and a 32-bin histogram of a shared array of doubles, by 1 and by 2
 * worker JVMs: the moments are a floating-point reduction written the natural way (Welford per
 * chunk, Chan's formula to combine), and they come out the same to the last bit either way.
 */
public final class ArrayStats {
    private ArrayStats() {
    }

    /** Count, mean and M2 of elements [from, to) (Welford). */
    public static void moments(KernelContext ctx, long from, long to, Result out) {
        SharedDoubleArray a = ctx.doubleArray(ctx.params().getString("array"));
        double n = 0;
        double mean = 0;
        double m2 = 0;
        for (long i = from; i < to; i++) {
            double x = a.get(i);
            n++;
            double d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
        }
        out.setDouble(0, n);
        out.setDouble(1, mean);
        out.setDouble(2, m2);
    }

    /** Folds the moments of {@code part} into {@code acc} (Chan et al.). */
    public static void chan(Result acc, Result part) {
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

    /** Counts of elements [from, to) in "bins" equal bins over ["min", "max"); values outside go to the end bins. */
    public static void histogram(KernelContext ctx, long from, long to, Result out) {
        SharedDoubleArray a = ctx.doubleArray(ctx.params().getString("array"));
        int bins = ctx.params().getInt("bins");
        double min = ctx.params().getDouble("min");
        double width = (ctx.params().getDouble("max") - min) / bins;
        for (long i = from; i < to; i++) {
            int b = (int) Math.floor((a.get(i) - min) / width);
            out.addLong(Math.max(0, Math.min(bins - 1, b)), 1);
        }
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000;
        String name = "stats-" + ProcessHandle.current().pid();
        try (SharedDoubleArray data = SharedDoubleArray.create(name, n)) {
            SplittableRandom random = new SplittableRandom(7);
            for (long i = 0; i < n; i++) {
                data.set(i, 100 + 15 * random.nextGaussian());
            }
            JobSpec moments = JobSpec.builder(ResultLayout.doubles(3), ArrayStats::moments).combine(ArrayStats::chan)
                    .units(n).param("array", name).build();
            JobSpec histogram = JobSpec.builder(ResultLayout.longs(32), ArrayStats::histogram)
                    .units(n).param("array", name).param("bins", 32).param("min", 40.0).param("max", 160.0).build();
            long[][] bits = new long[2][];
            for (int workers = 1; workers <= 2; workers++) {
                try (Engine engine = Engine.builder().workers(workers).build()) {
                    JobResult r = engine.run(moments);
                    double[] m = r.doubles();
                    bits[workers - 1] = r.words();
                    JobResult h = engine.run(histogram);
                    System.out.printf("%d worker JVM(s): n %.0f, mean %.12f, sd %.12f, histogram %s%n", workers, m[0], m[1],
                            Math.sqrt(m[2] / (m[0] - 1)), Arrays.toString(h.longs()));
                    if (Arrays.stream(h.longs()).sum() != n || m[0] != n) {
                        System.err.println("wrong: the counts do not add up to " + n);
                        System.exit(1);
                    }
                }
            }
            if (!Arrays.equals(bits[0], bits[1])) {
                System.err.println("wrong: the moments differ between 1 and 2 workers");
                System.exit(1);
            }
            System.out.println("moments bit-identical with 1 and 2 worker JVMs");
        }
    }
}
