package dev.shmc.kernels.arrays;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrayMapTest {
    private final Arena arena = Arena.ofConfined();
    private final SplittableRandom random = new SplittableRandom(3);

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void shouldScaleInPlaceOnAnySplit() {
        long n = 10_007;
        MemorySegment a = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        ArrayFill.random(a, 0, n, 8);
        double[] before = a.toArray(ValueLayout.JAVA_DOUBLE);
        for (long from = 0; from < n; ) {
            long to = Math.min(n, from + 1 + random.nextInt(997));
            ArrayMap.scale(a, from, to, -1.75);
            from = to;
        }
        for (int i = 0; i < n; i++) {
            assertEquals(-1.75 * before[i], a.getAtIndex(ValueLayout.JAVA_DOUBLE, i), "element " + i);
        }
    }

    @Test
    void shouldComputeAxpyWithOneRoundingPerElement() {
        long n = 10_007;
        MemorySegment x = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        MemorySegment y = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        ArrayFill.random(x, 0, n, 1);
        ArrayFill.random(y, 0, n, 2);
        double[] xs = x.toArray(ValueLayout.JAVA_DOUBLE);
        double[] ys = y.toArray(ValueLayout.JAVA_DOUBLE);
        for (long from = 0; from < n; ) {
            long to = Math.min(n, from + 1 + random.nextInt(997));
            ArrayMap.axpy(0.3, x, y, from, to);
            from = to;
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Math.fma(0.3, xs[i], ys[i]), y.getAtIndex(ValueLayout.JAVA_DOUBLE, i), "element " + i);
            assertEquals(xs[i], x.getAtIndex(ValueLayout.JAVA_DOUBLE, i));
        }
    }
}
