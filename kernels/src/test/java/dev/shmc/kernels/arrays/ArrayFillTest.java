package dev.shmc.kernels.arrays;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrayFillTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void shouldWriteTheSameRandomArrayWhateverTheSplitAndOrder() {
        long n = 3L * ArraysConfig.FILL_BLOCK + 777;
        MemorySegment whole = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        MemorySegment parts = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        ArrayFill.random(whole, 0, n, 42);
        Random r = new Random(1);
        List<long[]> pieces = new ArrayList<>();
        for (long from = 0; from < n; ) {
            long to = Math.min(n, from + 1 + r.nextInt(50_000));
            pieces.add(new long[] {from, to});
            from = to;
        }
        Collections.shuffle(pieces, r);
        for (long[] p : pieces) {
            ArrayFill.random(parts, p[0], p[1], 42);
        }
        assertEquals(-1, whole.mismatch(parts));
        for (long i : new long[] {0, 1, ArraysConfig.FILL_BLOCK - 1, ArraysConfig.FILL_BLOCK, n - 1}) {
            assertEquals(ArrayFill.randomAt(42, i), whole.getAtIndex(ValueLayout.JAVA_DOUBLE, i));
        }
    }

    @Test
    void shouldDrawUniformDoublesInTheUnitInterval() {
        long n = 1_000_000;
        MemorySegment a = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        ArrayFill.random(a, 0, n, 7);
        double sum = 0;
        for (long i = 0; i < n; i++) {
            double v = a.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            assertTrue(v >= 0 && v < 1, "value " + v);
            sum += v;
        }
        // mean 1/2, standard error sqrt(1/12/n) ~ 2.9e-4: 6 sigma
        assertEquals(0.5, sum / n, 6 * Math.sqrt(1.0 / 12 / n));
        assertEquals(0.5, ArrayReduce.sum(a, 0, n) / n, 6 * Math.sqrt(1.0 / 12 / n));
    }

    @Test
    void shouldGiveDifferentStreamsForDifferentSeedsAndBlocks() {
        assertNotEquals(ArrayFill.randomAt(1, 0), ArrayFill.randomAt(2, 0));
        assertNotEquals(ArrayFill.randomAt(1, 0), ArrayFill.randomAt(1, ArraysConfig.FILL_BLOCK));
        assertNotEquals(ArrayFill.randomAt(1, 5), ArrayFill.randomAt(1, ArraysConfig.FILL_BLOCK + 5));
    }

    @Test
    void shouldFillByIndexFormulaAndConstant() {
        long n = 10_001;
        MemorySegment a = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        ArrayFill.index(a, 0, n, 1, 0);
        assertEquals(n * (n - 1) / 2.0, ArrayReduce.sum(a, 0, n));
        assertEquals(0.0, ArrayReduce.min(a, 0, n));
        assertEquals(n - 1.0, ArrayReduce.max(a, 0, n));
        ArrayFill.index(a, 100, 200, -2, 3);
        assertEquals(-2.0 * 150 + 3, a.getAtIndex(ValueLayout.JAVA_DOUBLE, 150));
        ArrayFill.constant(a, 0, n, 2.5);
        assertEquals(2.5 * n, ArrayReduce.sum(a, 0, n));
        ArrayFill.constant(a, 10, 20, 0.0);
        assertEquals(2.5 * (n - 10), ArrayReduce.sum(a, 0, n));
    }
}
