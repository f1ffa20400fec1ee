package dev.shmc.engine.api;

import java.io.Serializable;

/**
 * A kernel's combine step written as a static method ({@code static void merge(Result acc, Result
 * part)}), for {@link JobSpec.Builder#combine}: folds {@code part} into {@code acc}, with the
 * contract of {@link Kernel#combine(Result, Result)} (called in chunk order, from the identity, in
 * the coordinator). An unbound reference to an instance method of {@link Result} with that shape
 * works too. The rules of {@link ChunkFunction} apply: a reference to a named method that captures
 * nothing, never serialized.
 */
@FunctionalInterface
public interface CombineFunction extends Serializable {
    /** Folds {@code part} into {@code acc}. */
    void combine(Result acc, Result part);
}
