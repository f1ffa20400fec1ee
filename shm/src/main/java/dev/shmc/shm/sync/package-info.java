/**
 * Synchronisation in shared memory, across threads and processes.
 *
 * <h2>Memory order</h2>
 * The memory order of every operation is part of its name:
 * <ul>
 *   <li>{@code setRelease} / {@code getAcquire}: a release store is read with an acquire load.
 *       Everything the writer did before {@code setRelease} is visible to a reader after its
 *       {@code getAcquire} has returned the stored value. This is how records are published: write
 *       the fields plainly, then release-store the state word; readers acquire-load the state
 *       first, then read the fields.</li>
 *   <li>{@code getVolatile} / {@code setVolatile}: sequentially consistent, for the rare places
 *       that need a total order (Dekker-style hand-shakes).</li>
 *   <li>{@code compareAndSet}, {@code getAndAdd}: atomic read-modify-write with volatile
 *       semantics; they also order everything before and after them.</li>
 *   <li>plain {@code get}/{@code set}: no ordering; only for data published by one of the above.</li>
 * </ul>
 * Atomics work across processes because every process maps the same physical pages: the CPU's
 * cache coherence and locked instructions do not care which process issued them.
 *
 * <h2>Layout</h2>
 * Every primitive occupies {@link dev.shmc.shm.ShmConfig#PADDED_WORD} bytes (two cache lines) of a
 * segment at an 8-byte aligned offset, so that contended words never share a line.
 */
package dev.shmc.shm.sync;
