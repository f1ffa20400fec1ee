package example;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.shm.array.SharedDoubleArray;

/** Fills a shared array, has 2 worker JVMs sum its squares in place, checks the sum; exit 1 if it is wrong. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        long n = 10_000_000;
        String name = "prices-" + ProcessHandle.current().pid();
        try (SharedDoubleArray prices = SharedDoubleArray.create(name, n);
             Engine engine = Engine.builder().workers(2).build()) {
            double expected = 0;
            for (long i = 0; i < n; i++) {
                double v = (i % 7) * 0.5; // exact in binary, so every grouping sums the same
                prices.set(i, v);
                expected += v * v;
            }
            JobResult r = engine.run(JobSpec.builder(SumOfSquares.class).units(0, prices.length()).param("array", name).build());
            double sumOfSquares = r.doubleWord(0);
            System.out.println("sum of squares of " + n + " shared doubles, 2 worker JVMs: " + sumOfSquares);
            if (sumOfSquares != expected) {
                System.err.println("wrong: expected " + expected);
                System.exit(1);
            }
        }
    }
}
