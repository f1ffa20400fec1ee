package dev.shmc.engine.coordinator;

import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Schedule;

/**
 * What the worker monitor needs to know of the job that is published in the control region: its
 * chunk grid (to name a chunk's units), its kernel (to ask whether a chunk may run again) and how
 * often each chunk took its worker down. Made by the coordinator when it publishes a job; the
 * death counts and the flag are the monitor's.
 */
final class RunningJob {
    final String id;
    final String label;
    final long seq;
    final Kernel kernel;
    /** The kernel's class loader (its methods run with it as the context class loader). */
    final ClassLoader loader;
    final Params params;
    final long first;
    final long end;
    final long chunkSize;
    final long chunks;
    final Schedule schedule;
    final long seed;
    /** Deaths of workers inside each chunk (monitor thread only). */
    final int[] deaths;
    /** Set when a worker died during the job: the coordinator then counts finished chunks by their states. */
    volatile boolean workerDied;

    RunningJob(String id, String label, long seq, Kernel kernel, ClassLoader loader, Params params, long first, long end, long chunkSize,
               long chunks, Schedule schedule, long seed) {
        this.id = id;
        this.label = label;
        this.seq = seq;
        this.kernel = kernel;
        this.loader = loader;
        this.params = params;
        this.first = first;
        this.end = end;
        this.chunkSize = chunkSize;
        this.chunks = chunks;
        this.schedule = schedule;
        this.seed = seed;
        this.deaths = new int[(int) chunks];
    }

    long chunkFrom(long chunk) {
        return first + chunk * chunkSize;
    }

    long chunkTo(long chunk) {
        return Math.min(end, chunkFrom(chunk) + chunkSize);
    }

    /** "chunk 3 (units [300, 400)) of pi" (the job's id heads the message it goes into) */
    String describeChunk(long chunk) {
        return "chunk " + chunk + " (units [" + chunkFrom(chunk) + ", " + chunkTo(chunk) + ")) of " + label;
    }
}
