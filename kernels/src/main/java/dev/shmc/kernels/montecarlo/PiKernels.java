package dev.shmc.kernels.montecarlo;

import java.util.List;

/**
 * The Monte Carlo π kernels by name. Kernel objects are stateless singletons, safe to share
 * between threads. ND4J is loaded by the first {@code countInside} of the {@code nd4j} kernel, never
 * by the other two.
 */
public final class PiKernels {
    private static final PiKernel SCALAR = new ScalarPiKernel();
    private static final PiKernel VECTOR = new VectorPiKernel();
    private static final List<String> NAMES = List.of(ScalarPiKernel.NAME, VectorPiKernel.NAME, Nd4jPiKernel.NAME);

    private PiKernels() {
    }

    /**
     * The kernel called {@code name}.
     *
     * @throws IllegalArgumentException for a name not in {@link #names()}
     */
    public static PiKernel of(final String name) {
        return switch (name) {
            case ScalarPiKernel.NAME -> SCALAR;
            case VectorPiKernel.NAME -> VECTOR;
            case Nd4jPiKernel.NAME -> Nd4jHolder.KERNEL;
            case null, default -> throw new IllegalArgumentException("unknown kernel '" + name + "': use scalar, vector or nd4j");
        };
    }

    /** Keeps the ND4J classes unloaded until someone asks for the nd4j kernel. */
    private static final class Nd4jHolder {
        static final PiKernel KERNEL = new Nd4jPiKernel();
    }

    /** The default kernel: {@code vector}, the fastest on this hardware and reproducible. */
    public static PiKernel fastest() {
        return VECTOR;
    }

    /** The kernel names, reference first: {@code scalar}, {@code vector}, {@code nd4j}. */
    public static List<String> names() {
        return NAMES;
    }
}
