package dev.shmc.engine.api;

import java.io.Serializable;

/**
 * A kernel's identity written as a static method ({@code static void empty(Result acc)}), for
 * {@link JobSpec.Builder#identity}: sets {@code acc} to the neutral element of the combine (for
 * example {@code +∞} for a minimum), with the contract of {@link Kernel#identity(Result)}. The
 * rules of {@link ChunkFunction} apply: a reference to a named method that captures nothing,
 * never serialized.
 */
@FunctionalInterface
public interface IdentityFunction extends Serializable {
    /** Sets {@code acc} to the neutral element of the combine. */
    void identity(Result acc);
}
