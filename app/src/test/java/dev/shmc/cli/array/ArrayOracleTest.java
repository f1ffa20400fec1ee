package dev.shmc.cli.array;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.jobs.ArrayFillKernel.Fill;
import org.junit.jupiter.api.Test;

class ArrayOracleTest {
    private static Operand filled(Fill fill) {
        Operand o = new Operand(null, "a", true);
        o.filled(fill);
        return o;
    }

    @Test
    void shouldKnowTheReductionsOfIndexFilledArrays() {
        long n = 10; // x = 0..9, y = 9..0
        Operand x = filled(Fill.INDEX);
        Operand y = filled(Fill.INDEX);
        assertEquals(45.0, ArrayOracle.expected("sum", n, x, y));
        assertEquals(4.5, ArrayOracle.expected("mean", n, x, y));
        assertEquals(0.0, ArrayOracle.expected("min", n, x, y));
        assertEquals(9.0, ArrayOracle.expected("max", n, x, y));
        long dot = 0;
        for (int i = 0; i < n; i++) {
            dot += (long) i * (n - 1 - i);
        }
        assertEquals((double) dot, ArrayOracle.expected("dot", n, x, y));
    }

    @Test
    void shouldRoundAnExactSumOnceWhereDoublesCannotHoldIt() {
        long n = (1L << 27) + 1; // the sum, 2^26 (2^27 + 1), needs more than 53 bits
        assertEquals(new java.math.BigDecimal(java.math.BigInteger.valueOf(n).multiply(java.math.BigInteger.valueOf(n - 1))
                .shiftRight(1)).doubleValue(), ArrayOracle.expected("sum", n, filled(Fill.INDEX), null));
    }

    @Test
    void shouldNotKnowArraysThatAreRandomOrMapped() {
        assertNull(ArrayOracle.expected("sum", 10, filled(Fill.RANDOM), null));
        assertNull(ArrayOracle.expected("sum", 10, filled(null), null));
        assertNull(ArrayOracle.expected("dot", 10, filled(Fill.INDEX), filled(null)), "y was mapped");
        assertNull(ArrayOracle.expected("scale", 10, filled(Fill.INDEX), null), "not a reduction");
    }
}
