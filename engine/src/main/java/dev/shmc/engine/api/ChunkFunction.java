package dev.shmc.engine.api;

import java.io.Serializable;

/**
 * A kernel's compute step written as a static method, for a job built with
 * {@link JobSpec#builder(ResultLayout, ChunkFunction)}: the same contract as
 * {@link Kernel#compute(KernelContext, long, long, Result)} (fill {@code out}, already set to the
 * identity, with the partial result over units {@code [from, to)}).
 *
 * <pre>{@code
 * final class MyMath {
 *     static void sumOfSquares(KernelContext ctx, long from, long to, Result out) {
 *         double s = 0;
 *         for (long i = from; i < to; i++) s += (double) i * i;
 *         out.setDouble(0, s);
 *     }
 * }
 * JobSpec spec = JobSpec.builder(ResultLayout.doubles(1), MyMath::sumOfSquares).units(1_000_000).build();
 * }</pre>
 *
 * <p>Pass a reference to a static method ({@code MyMath::sumOfSquares}) whose class is on the
 * workers' classpath or in the job's own ({@link JobSpec.Builder#classpath(java.nio.file.Path...)}).
 * It must capture nothing: a lambda expression and a method reference bound
 * to an object ({@code obj::method}) are refused when the job is built, because workers in other
 * JVMs find the method by its class and name and call it there; values the kernel needs travel as
 * job parameters ({@link JobSpec.Builder#param(String, long)}, read with
 * {@link KernelContext#params()}). The interface is {@link Serializable} only so that the engine
 * can read which method a reference names (its {@link java.lang.invoke.SerializedLambda}); the
 * reference is never serialized. The method is called from one thread per worker at a time.
 */
@FunctionalInterface
public interface ChunkFunction extends Serializable {
    /** Computes the partial result over units {@code [from, to)} into {@code out}; see {@link Kernel#compute(KernelContext, long, long, Result)}. */
    void compute(KernelContext ctx, long from, long to, Result out);
}
