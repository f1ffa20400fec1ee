package dev.shmc.kernels.montecarlo;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The Monte Carlo π kernels by name: {@code scalar} and {@code vector} here, and those other
 * modules provide as {@link PiKernel} services ({@code META-INF/services}): the optional shmc-nd4j
 * module adds {@code nd4j}. Kernel objects are stateless singletons, safe to share between threads;
 * a provided kernel loads its library on first use, not when it is found.
 */
public final class PiKernels {
    private static final PiKernel SCALAR = new ScalarPiKernel();
    private static final PiKernel VECTOR = new VectorPiKernel();

    private PiKernels() {
    }

    /** The kernels other modules provide, found once. */
    private static final class Provided {
        static final List<PiKernel> KERNELS = ServiceLoader.load(PiKernel.class, PiKernels.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    /**
     * The kernel called {@code name}.
     *
     * @throws IllegalArgumentException for a name not in {@link #names()}
     */
    public static PiKernel of(final String name) {
        if (ScalarPiKernel.NAME.equals(name)) {
            return SCALAR;
        }
        if (VectorPiKernel.NAME.equals(name)) {
            return VECTOR;
        }
        for (PiKernel k : Provided.KERNELS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        String hint = "nd4j".equals(name) ? " (the nd4j kernel is in the shmc-nd4j module, which is not on the classpath)" : "";
        List<String> names = names();
        String choices = String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
        throw new IllegalArgumentException("unknown kernel '" + name + "': use " + choices + hint);
    }

    /** The default kernel: {@code vector}, the fastest on this hardware and reproducible. */
    public static PiKernel fastest() {
        return VECTOR;
    }

    /**
     * The width, in bits, of the vectors the {@code vector} kernel counts with in this JVM: 512 where
     * the Vector API prefers 512-bit vectors (AVX-512), else 256; {@code -Dshmc.pi.vectorBits} chooses.
     */
    public static int vectorBits() {
        return VectorPiKernel.vectorBits();
    }

    /** The kernel names, reference first: {@code scalar}, {@code vector}, then the provided ones ({@code nd4j}). */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of(ScalarPiKernel.NAME, VectorPiKernel.NAME));
        Provided.KERNELS.forEach(k -> names.add(k.name()));
        return names;
    }
}
