package example;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.shm.array.SharedDoubleArray;

/** The sum of squares of a shared array, read in place by two worker JVMs; the kernel is a static method. */
public final class SumOfSquares {
    private SumOfSquares() {
    }

    /** The kernel: the sum of squares of elements [from, to) of the array named by the job's parameter "array". */
    public static void sumOfSquares(KernelContext ctx, long from, long to, Result out) {
        SharedDoubleArray a = ctx.doubleArray(ctx.params().getString("array"));
        double s = 0;
        for (long i = from; i < to; i++) {
            double v = a.get(i);
            s += v * v;
        }
        out.setDouble(0, s);
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        String name = "squares-" + ProcessHandle.current().pid();
        try (SharedDoubleArray prices = SharedDoubleArray.create(name, n);
             Engine engine = Engine.builder().workers(2).build()) {
            double expected = 0;
            for (long i = 0; i < n; i++) {
                double v = (i % 7) * 0.5; // exact in binary, so every grouping sums the same
                prices.set(i, v);
                expected += v * v;
            }
            JobResult r = engine.run(JobSpec.builder(ResultLayout.doubles(1), SumOfSquares::sumOfSquares)
                    .units(n).param("array", name).build());
            double sum = r.result().getDouble(0);
            System.out.println("sum of squares of " + n + " shared doubles, 2 worker JVMs: " + sum);
            if (sum != expected) {
                System.err.println("wrong: expected " + expected);
                System.exit(1);
            }
        }
    }
}
