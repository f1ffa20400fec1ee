package dev.shmc.engine.coordinator;

import static dev.shmc.engine.control.ControlDescriptor.*;

import dev.shmc.engine.api.FaultPolicy;
import dev.shmc.engine.api.Schedule;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.control.ChunkOrder;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.engine.loader.KernelClassLoaders;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The coordinator's watch over its workers, on a thread of its own: it beats the coordinator's
 * heartbeat, notices a worker JVM that died (its process exit) or hung (its heartbeat), decides
 * what becomes of the chunks it was computing, starts replacements, and kills the workers that
 * stay inside a chunk of a job that was cancelled or stopped. Every fault ends within the limits
 * of its {@link FaultPolicy}:
 * <ul>
 *   <li>a chunk the dead worker was computing is handed back (REQUEUED) for another worker, unless
 *       its kernel declares {@link dev.shmc.engine.api.Kernel#sideEffects side effects} (then the
 *       job fails, naming the chunk and what it may have partly written) or it has taken down its
 *       worker {@link FaultPolicy#maxChunkDeaths} times (then the job fails, naming the chunk and
 *       how its workers died);
 *   <li>chunks the dead worker had been handed but not yet claimed (by the shared cursor, or its
 *       static share) are handed back too, so that no chunk waits for a worker that is gone;
 *   <li>a worker slot whose JVM dies {@link EngineConfig#MAX_START_FAILURES} times in a row before
 *       it is ready is not started again; with none left, jobs fail;
 *   <li>a worker still inside a chunk {@link FaultPolicy#cancelGrace} after its job was stopped is
 *       killed and replaced (worker JVMs; a worker thread cannot be killed, which is said once).
 * </ul>
 */
final class WorkerMonitor implements Runnable {
    private final ControlRegion ctl;
    /** The worker JVMs; null for threads and inline. */
    private final ProcessWorkerPool processes;
    private final int workers;
    private final FaultPolicy policy;
    private final Consumer<String> events;
    private final int[] startFailures;
    private final boolean[] retired;
    /** Why the engine killed a worker itself (read when its death is seen), or null. */
    private final String[] killedBecause;
    private final long[] killedInJob;
    private volatile RunningJob job;
    private volatile boolean closed;
    private volatile String lastStartFailure = "";
    private long stopSeenSeq;
    private long stopSeenNanos;
    private long warnedThreadsSeq;

    WorkerMonitor(ControlRegion ctl, WorkerPool pool, FaultPolicy policy, Consumer<String> events) {
        this.ctl = ctl;
        this.processes = pool instanceof ProcessWorkerPool p ? p : null;
        this.workers = ctl.workers();
        this.policy = policy;
        this.events = events;
        this.startFailures = new int[workers];
        this.retired = new boolean[workers];
        this.killedBecause = new String[workers];
        this.killedInJob = new long[workers];
    }

    /** The job now published, or null between jobs. */
    void setJob(RunningJob j) {
        job = j;
    }

    void close() {
        closed = true;
    }

    /** Whether every worker slot was given up (their JVMs kept dying at start-up). */
    boolean noWorkersLeft() {
        if (processes == null) {
            return false;
        }
        for (boolean r : retired) {
            if (!r) {
                return false;
            }
        }
        return true;
    }

    /** Why there are no workers left, for a message. */
    String noWorkersReason() {
        return "the engine has no workers left: every worker JVM died before it was ready, " + EngineConfig.MAX_START_FAILURES
                + " times in a row (the last " + lastStartFailure + ")";
    }

    @Override
    public void run() {
        long nextCheck = 0;
        long interval = TimeUnit.MILLISECONDS.toNanos(EngineConfig.HEARTBEAT_INTERVAL_MS) / 2;
        while (!closed) {
            long now = System.nanoTime();
            ctl.beatCoordinatorHeartbeat(now);
            if (now - nextCheck >= 0) {
                nextCheck = now + interval;
                check(now);
            }
            try {
                Thread.sleep(Math.max(5, EngineConfig.HEARTBEAT_INTERVAL_MS / 4));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round over the workers, and over the stopped job's stragglers. */
    void check(long now) {
        RunningJob j = job;
        if (processes != null) {
            for (int w = 0; w < workers && !closed; w++) {
                checkWorker(w, now, j);
            }
        }
        if (j != null && !closed) {
            checkStragglers(j, now);
        }
    }

    private void checkWorker(int w, long now, RunningJob j) {
        Process p = processes.process(w);
        if (p == null || retired[w]) {
            return;
        }
        long state = ctl.workerWordVolatile(w, W_STATE);
        String how;
        if (p.isAlive()) {
            if (state != WORKER_READY && state != WORKER_BUSY) {
                return; // starting (or already handled)
            }
            long silentNanos = now - ctl.workerWord(w, W_HEARTBEAT);
            if (silentNanos <= policy.heartbeatTimeout().toNanos()) {
                return;
            }
            killAndWait(p);
            how = String.format("stopped beating for %.1f s (hung, or stopped with SIGSTOP) and was killed", silentNanos / 1e9);
        } else if (killedBecause[w] != null) {
            how = killedBecause[w];
        } else {
            how = ProcessWorkerPool.describeExit(p.pid(), p.exitValue());
        }
        killedBecause[w] = null;
        if (closed) {
            return;
        }
        String who = "worker " + w + " (pid " + p.pid() + ")";
        boolean wasReady = state != WORKER_ABSENT;
        // Hand its chunks back before a replacement (same index) can claim any.
        ctl.setWorkerWordVolatile(w, W_STATE, WORKER_EXITED);
        String inJob = j == null ? "" : afterDeathInJob(j, w, who, how);
        ctl.announceRequeues(); // the other workers look for re-queued chunks
        if (wasReady) {
            startFailures[w] = 0;
        } else if (++startFailures[w] >= EngineConfig.MAX_START_FAILURES) {
            retired[w] = true;
            lastStartFailure = who + " " + how;
            events.accept(who + " " + how + " before it was ready, " + times(startFailures[w]) + " in a row; it is not started again");
            if (j != null && noWorkersLeft()) {
                ctl.reportCoordinatorError(noWorkersReason());
            }
            return;
        }
        events.accept(who + " " + how + inJob + "; starting a replacement");
        processes.replace(w);
    }

    private static void killAndWait(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Decides what becomes of the chunks of job {@code j} that worker {@code w}, now dead, was
     * computing or had been handed; returns what was done, for the event.
     */
    private String afterDeathInJob(RunningJob j, int w, String who, String how) {
        j.workerDied = true;
        if (ctl.stopFlag().isSet()) {
            return ""; // the job is over: its result is made of the chunks that finished
        }
        int requeued = 0;
        for (long c = 0; c < j.chunks; c++) {
            long s = ctl.chunkState(c);
            if (!isClaimed(s) || claimOwner(s) != w) {
                continue;
            }
            String effects = sideEffects(j, c);
            if (effects != null) {
                ctl.reportCoordinatorError(who + " " + how + " while computing " + j.describeChunk(c)
                        + "; that chunk may not be computed again: it " + effects + ", and part of that may be done already."
                        + " The job fails rather than report a result that may be wrong.");
                return "; the job fails";
            }
            if (++j.deaths[(int) c] >= policy.maxChunkDeaths()) {
                ctl.reportCoordinatorError(j.describeChunk(c) + " took down its worker " + times(j.deaths[(int) c]) + "; the last one, "
                        + who + ", " + how + ". The job fails; the engine goes on with new workers.");
                return "; the job fails";
            }
            if (ctl.requeueChunk(c, s)) {
                requeued++;
            }
        }
        requeued += requeueHandedOut(j, w);
        return requeued == 0 ? "" : "; " + requeued + " chunk(s) re-queued";
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    /** The kernel's side effects for chunk {@code c}, or null; a kernel whose answer throws is taken to have some. */
    private static String sideEffects(RunningJob j, long c) {
        try (KernelClassLoaders.ContextLoader _ = KernelClassLoaders.asContextLoader(j.loader)) {
            return j.kernel.sideEffects(j.params, j.chunkFrom(c), j.chunkTo(c));
        } catch (RuntimeException e) {
            return "has side effects that could not be described (" + e + ")";
        }
    }

    /**
     * Hands back the chunks still PENDING that the dead worker may have been handed: every chunk
     * the shared cursor has passed (one of them may be the dead worker's, taken from the cursor
     * but not yet claimed), or its static share. A live worker about to claim one of them loses
     * the race to whoever claims it as REQUEUED: the claim is a compare-and-set either way.
     */
    private int requeueHandedOut(RunningJob j, int w) {
        int n = 0;
        if (j.schedule == Schedule.STATIC) {
            for (long c = w; c < j.chunks; c += workers) {
                n += requeueIfPending(c);
            }
        } else {
            ChunkOrder order = j.schedule == Schedule.RANDOMIZED ? ChunkOrder.randomized(j.chunks, j.seed) : ChunkOrder.identity(j.chunks);
            long passed = Math.min(j.chunks, ctl.cursor().getAcquire());
            for (long i = 0; i < passed; i++) {
                n += requeueIfPending(order.chunkAt(i));
            }
        }
        return n;
    }

    private int requeueIfPending(long c) {
        return ctl.requeueChunk(c, CHUNK_PENDING) ? 1 : 0;
    }

    /** Kills the workers still inside a chunk of a stopped job once its grace period is over. */
    private void checkStragglers(RunningJob j, long now) {
        long reason = ctl.stopFlag().getAcquire();
        if (reason == 0) {
            return;
        }
        if (stopSeenSeq != j.seq) {
            stopSeenSeq = j.seq;
            stopSeenNanos = now;
            return;
        }
        if (now - stopSeenNanos < policy.cancelGrace().toNanos()) {
            return;
        }
        for (int w = 0; w < workers; w++) {
            if (ctl.workerWordVolatile(w, W_STATE) != WORKER_BUSY || ctl.workerWord(w, W_FINISHED_SEQ) >= j.seq) {
                continue;
            }
            String where = chunkOf(j, w);
            String after = String.format("%.1f s after the job was %s", (now - stopSeenNanos) / 1e9, stopName(reason));
            if (processes == null) {
                if (warnedThreadsSeq != j.seq) {
                    warnedThreadsSeq = j.seq;
                    events.accept("worker thread " + w + " is still computing " + where + " " + after
                            + "; a thread cannot be stopped from outside: its kernel must poll stopRequested() (or use worker JVMs)");
                }
                continue;
            }
            if (!processes.isAlive(w) || killedInJob[w] == j.seq) {
                continue;
            }
            killedInJob[w] = j.seq;
            killedBecause[w] = "was still computing " + where + " " + after + ", and was killed";
            processes.kill(w);
        }
    }

    private String chunkOf(RunningJob j, int w) {
        for (long c = 0; c < j.chunks; c++) {
            long s = ctl.chunkState(c);
            if (isClaimed(s) && claimOwner(s) == w) {
                return j.describeChunk(c);
            }
        }
        return "job " + j.id + " (" + j.label + ")";
    }

    private static String stopName(long reason) {
        return switch ((int) reason) {
            case (int) STOP_CANCEL -> "cancelled";
            case (int) STOP_FOUND -> "stopped (a kernel found its answer)";
            case (int) STOP_ERROR -> "stopped (it failed)";
            case (int) STOP_SHUTDOWN -> "stopped (the engine is closing)";
            default -> "stopped";
        };
    }
}
