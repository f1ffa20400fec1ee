package dev.shmc.engine.methods;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.Schedule;
import dev.shmc.engine.results.UserKernels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kernels written as static methods, the way a user writes them for {@code JobSpec.builder(layout, UserMath::method)}. */
public final class UserMath {
    private UserMath() {
    }

    /** Sum of {@code scale · i²} (parameter {@code scale}, default 1) as one double. */
    public static void sumOfSquares(KernelContext ctx, long from, long to, Result out) {
        double scale = ctx.params().getDouble("scale", 1.0);
        double s = 0;
        for (long i = from; i < to; i++) {
            s += scale * i * i;
        }
        out.setDouble(0, s);
    }

    /** Minimum and maximum of {@link UserKernels#value}: two doubles. */
    public static void minMax(KernelContext ctx, long from, long to, Result out) {
        for (long i = from; i < to; i++) {
            double v = UserKernels.value(i);
            out.setDouble(0, Math.min(out.getDouble(0), v));
            out.setDouble(1, Math.max(out.getDouble(1), v));
        }
    }

    /** Folds a min/max part into an accumulator. */
    public static void mergeMinMax(Result acc, Result part) {
        acc.setDouble(0, Math.min(acc.getDouble(0), part.getDouble(0)));
        acc.setDouble(1, Math.max(acc.getDouble(1), part.getDouble(1)));
    }

    /** The neutral element of {@link #mergeMinMax}. */
    public static void emptyMinMax(Result acc) {
        acc.setDouble(0, Double.POSITIVE_INFINITY);
        acc.setDouble(1, Double.NEGATIVE_INFINITY);
    }

    /** The count of even units, by a private method (resolved with reflective access). */
    private static void countEven(KernelContext ctx, long from, long to, Result out) {
        long n = 0;
        for (long i = from; i < to; i++) {
            n += (i & 1) == 0 ? 1 : 0;
        }
        out.setLong(0, n);
    }

    /** A reference to the private {@link #countEven}, as code in this class would write it. */
    static dev.shmc.engine.api.ChunkFunction countEvenReference() {
        return UserMath::countEven;
    }

    /** Words of {@link #echoParams}. */
    public static final int ECHO_WORDS = 14;

    /**
     * The typed parameters as this JVM reads them (chunk of unit 0 only; the other chunks give
     * zeros): n, bins, the bits of x, flag, the ordinal of schedule, the hash of name, the three
     * longs of ls and the bits of the three doubles of ds, their lengths.
     */
    public static void echoParams(KernelContext ctx, long from, long to, Result out) {
        if (from != 0) {
            return;
        }
        Params p = ctx.params();
        out.setLong(0, p.getLong("n"));
        out.setLong(1, p.getInt("bins"));
        out.setDouble(2, p.getDouble("x"));
        out.setLong(3, p.getBoolean("flag") ? 1 : 0);
        out.setLong(4, p.getEnum("schedule", Schedule.class).ordinal());
        out.setLong(5, p.getString("name").hashCode());
        long[] ls = p.getLongs("ls");
        double[] ds = p.getDoubles("ds");
        for (int i = 0; i < 3; i++) {
            out.setLong(6 + i, ls[i]);
            out.setLong(9 + i, Double.doubleToRawLongBits(ds[i]));
        }
        out.setLong(12, ls.length);
        out.setLong(13, ds.length);
    }

    /**
     * Facts about this worker's JVM: its max heap (bytes), 1 if its collector is the parallel one, 1
     * if it has {@code -Dkapi.probe=yes}, and the iterations of C2's strip-mined loops (0 when C2 does
     * not strip-mine them).
     */
    public static void jvmFacts(KernelContext ctx, long from, long to, Result out) {
        out.setLong(0, Runtime.getRuntime().maxMemory());
        boolean parallel = ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("PS "));
        out.setLong(1, parallel ? 1 : 0);
        out.setLong(2, "yes".equals(System.getProperty("kapi.probe")) ? 1 : 0);
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        boolean stripMined = Boolean.parseBoolean(vm.getVMOption("UseCountedLoopSafepoints").getValue());
        out.setLong(3, stripMined ? Long.parseLong(vm.getVMOption("LoopStripMiningIter").getValue()) : 0);
    }

    /**
     * Sum of i² mod 1_000_003 and the unit count (two longs), like {@code TestKernels.SumKernel};
     * the chunk holding unit {@code failAt} fails once: when the file {@code marker} exists, it
     * deletes it and throws.
     */
    public static void sumFailingOnce(KernelContext ctx, long from, long to, Result out) {
        long failAt = ctx.params().getLong("failAt");
        Path marker = Path.of(ctx.params().getString("marker"));
        if (from <= failAt && failAt < to) {
            try {
                if (Files.deleteIfExists(marker)) {
                    throw new IllegalStateException("failing once at unit " + failAt);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long s = 0;
        for (long i = from; i < to; i++) {
            s += (i * i) % 1_000_003;
        }
        out.setLong(0, s);
        out.setLong(1, to - from);
    }

    /** An object whose method a test passes bound ({@code obj::compute}), which must be refused. */
    public static final class Scaler {
        private final double factor;

        public Scaler(double factor) {
            this.factor = factor;
        }

        public void compute(KernelContext ctx, long from, long to, Result out) {
            out.setDouble(0, factor * (to - from));
        }
    }
}
