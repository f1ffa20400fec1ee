package dev.shmc.engine.api;

/** Where an engine's workers run. */
public enum Mode {
    /** Worker JVMs (separate processes) over shared memory: isolation, own heap and GC, crash containment. */
    PROCESSES,
    /** Threads in this JVM over the same shared memory: no start-up cost, no isolation. */
    THREADS,
    /** The calling thread computes every chunk in order: the reference for tests. */
    INLINE
}
