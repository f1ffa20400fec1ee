package dev.shmc.cli.array;

import dev.shmc.engine.jobs.ArrayFillKernel.Fill;
import dev.shmc.shm.array.SharedDoubleArray;

/**
 * One shared array of an {@code shmc array} run: its handle, its name, whether this run created it,
 * and what it holds (the fill it got, until a map changes it). Used by one thread, the command's.
 */
public final class Operand {
    private final SharedDoubleArray array;
    private final String name;
    private final boolean created;
    private Fill filled;

    Operand(SharedDoubleArray array, String name, boolean created) {
        this.array = array;
        this.name = name;
        this.created = created;
    }

    public SharedDoubleArray array() {
        return array;
    }

    public String name() {
        return name;
    }

    /** Whether this run created the array (else it attached to a kept one). */
    public boolean created() {
        return created;
    }

    /** The fill the array holds, or null when unknown (attached and not filled) or mapped since. */
    public Fill filled() {
        return filled;
    }

    void filled(Fill fill) {
        this.filled = fill;
    }
}
