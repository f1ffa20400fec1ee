package dev.shmc.bench.workloads;

import dev.shmc.kernels.montecarlo.PiKernel;
import dev.shmc.kernels.montecarlo.PiKernels;
import dev.shmc.kernels.montecarlo.PiStream;

/**
 * Counts {@code args[0]} samples of the vector π kernel in one thread, with seed {@code args[1]},
 * after a warm-up of an eighth of them, and prints one line: the vector width the kernel counted
 * with ({@link PiKernels#vectorBits}, which {@code -Dshmc.pi.vectorBits} on this JVM's command
 * line chooses), the points inside, and the nanoseconds of the timed count. The modes suite runs
 * it at 256 and at 512 bits, alternately, where the CPU has 512-bit vectors: the two widths give
 * the same counts, and the faster should be the default.
 */
public final class VectorWidthMain {
    private VectorWidthMain() {
    }

    public static void main(String[] args) {
        long samples = Long.parseLong(args[0]);
        long seed = Long.parseLong(args[1]);
        PiKernel kernel = PiKernels.of("vector");
        long warm = Math.max(8, samples / 8);
        kernel.countInside(seed + 1, warm, 0, PiStream.blocks(warm), () -> false);
        long t0 = System.nanoTime();
        long inside = kernel.countInside(seed, samples, 0, PiStream.blocks(samples), () -> false);
        long nanos = System.nanoTime() - t0;
        System.out.println(PiKernels.vectorBits() + " " + inside + " " + nanos);
    }
}
