package dev.shmc.engine.api;

import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.array.SharedLongArray;
import java.util.random.RandomGenerator;

/** What a kernel sees of its job and its worker. One per worker per job; not shared between threads. */
public interface KernelContext {
    /** The job's parameters. */
    Params params();

    /** The job's seed. */
    long seed();

    /** Index of this worker, 0 to workers-1 (inline runs are worker 0). */
    int workerIndex();

    /** Number of workers of the engine. */
    int workers();

    /** Index of the chunk being computed. */
    long chunkIndex();

    /** Total work units of the job. */
    long totalUnits();

    /**
     * A random stream for the current chunk, seeded from (seed, chunk index). Results that use it
     * depend on the chunk size; kernels that must not (Monte Carlo) derive streams from the unit.
     */
    RandomGenerator random();

    /** True once the job should stop (cancelled, failed, or a kernel found what it searched for). Acquire load. */
    boolean stopRequested();

    /** Stops the whole job because this kernel found what it searched for: every worker stops at its next poll. */
    void requestStop();

    /** The named shared double array (attached once per worker, closed with the engine). */
    SharedDoubleArray doubleArray(String name);

    /** The named shared long array (attached once per worker, closed with the engine). */
    SharedLongArray longArray(String name);
}
