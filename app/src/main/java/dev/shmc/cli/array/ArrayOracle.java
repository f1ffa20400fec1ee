package dev.shmc.cli.array;

import dev.shmc.engine.jobs.ArrayFillKernel.Fill;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The exact answers of the reductions over index-filled arrays (x[i] = i, y[i] = N-1-i), against
 * which {@code shmc array} checks the workers' answers. Computed in exact integers, then rounded
 * once to the nearest double.
 */
public final class ArrayOracle {
    private ArrayOracle() {
    }

    /**
     * The exact value of reduction {@code op} (sum, mean, min, max, dot) over {@code x} (and
     * {@code y} for dot) of {@code n} doubles, or null when it is not known: an array not
     * index-filled, or mapped since, or an op that is not a reduction.
     */
    public static Double expected(String op, long n, Operand x, Operand y) {
        if (x.filled() != Fill.INDEX) {
            return null;
        }
        BigInteger bn = BigInteger.valueOf(n);
        return switch (op) {
            case "sum" -> new BigDecimal(bn.multiply(bn.subtract(BigInteger.ONE)).shiftRight(1)).doubleValue();
            case "mean" -> (n - 1) / 2.0;
            case "min" -> 0.0;
            case "max" -> (double) (n - 1);
            // sum of i (N-1-i) = N (N-1) (N-2) / 6
            case "dot" -> y != null && y.filled() == Fill.INDEX
                    ? new BigDecimal(bn.multiply(bn.subtract(BigInteger.ONE)).multiply(bn.subtract(BigInteger.TWO))
                    .divide(BigInteger.valueOf(6))).doubleValue() : null;
            default -> null;
        };
    }
}
