package dev.shmc.engine.coordinator;

/** The workers of an engine: worker JVMs or threads, each running a WorkerLoop on the control region. */
public interface WorkerPool extends AutoCloseable {
    /** Starts every worker and waits until each has announced itself in its slot. */
    void start();

    /** True while worker {@code index} can still take part in jobs. */
    boolean isAlive(int index);

    /** Replaces a dead worker with a new one of the same index (does not wait for it). */
    void replace(int index);

    /** PID of worker {@code index}'s process (the coordinator's own PID for threads). */
    long pid(int index);

    /** Asks the workers to exit (the shutdown flag is already raised) and waits, killing stragglers. */
    @Override
    void close();
}
