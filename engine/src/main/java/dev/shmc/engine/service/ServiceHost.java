package dev.shmc.engine.service;

import static dev.shmc.engine.service.ServiceDescriptor.*;

import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Schedule;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.IdleStrategy;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The service side of the service region: takes the jobs clients submit in its slots, runs them on
 * one engine ({@link JobRunner}) in the order they arrive (first come, first served, whichever
 * client sent them: the engine runs one job at a time over all its workers, so the host's cores
 * are shared, never oversubscribed), and writes back each job's progress and result.
 *
 * <p>It watches its clients: a client that dies (or closes its connection) while its job is queued
 * or running has the job cancelled; a slot whose client is gone is freed. One thread runs
 * {@link #run}; it returns once a stop was requested ({@link ServiceRegion#requestStop}) and the
 * jobs it lets finish are done: all of them for DRAIN, none for CANCEL (they are cancelled).
 */
public final class ServiceHost implements AutoCloseable {
    /** How often clients' liveness is checked, ms. */
    private static final long CLIENT_CHECK_MS = 100;

    private final Path dir;
    private final JobRunner engine;
    private final ServiceRegion region;
    private final Consumer<String> log;
    private final CommandHandler commands;
    private final Tracked[] tracked = new Tracked[SLOTS];
    private final SharedRegion[] resultFiles = new SharedRegion[SLOTS];
    private final CommandOutput[] outputs = new CommandOutput[SLOTS];
    private volatile Thread runner;
    private volatile boolean closed;

    /** A job, or a command line ({@link CommandRun}), that a slot's client handed over. */
    private static final class Tracked {
        final JobHandle handle;
        final CommandRun command;
        final long ticket;
        boolean cancelled;
        boolean orphan;

        Tracked(JobHandle handle, CommandRun command, long ticket) {
            this.handle = handle;
            this.command = command;
            this.ticket = ticket;
        }

        boolean done() {
            return command != null ? command.exit.isDone() : handle.future().isDone();
        }

        void cancel() {
            if (command != null) {
                command.cancel();
            } else {
                handle.cancel();
            }
        }

        String id() {
            if (command == null) {
                return handle.id();
            }
            JobHandle h = command.current();
            return h == null ? "command" : h.id();
        }
    }

    private ServiceHost(Path dir, JobRunner engine, ServiceRegion region, Consumer<String> log, CommandHandler commands) {
        this.dir = dir;
        this.engine = engine;
        this.region = region;
        this.log = log;
        this.commands = commands;
    }

    /**
     * Opens the service region in {@code dir} for {@code engine} (whose control region is
     * {@code controlName}) and marks it READY: clients may submit from then on.
     *
     * @throws dev.shmc.shm.region.RegionException when a live service already holds the region directory
     */
    public static ServiceHost open(Path dir, JobRunner engine, String controlName, Consumer<String> log) {
        return open(dir, engine, controlName, log, null);
    }

    /**
     * Like {@link #open(Path, JobRunner, String, Consumer)}, and runs the command lines of thin
     * clients ({@link CommandClient}) with {@code commands} (null: they are refused, and their
     * clients run them themselves).
     */
    public static ServiceHost open(Path dir, JobRunner engine, String controlName, Consumer<String> log, CommandHandler commands) {
        ServiceRegion region = ServiceRegion.create(dir, engine.workers(), engine.mode().ordinal(), controlName);
        region.setStartupNanos((long) (engine.startupSeconds() * 1e9));
        region.setHeartbeatRelease(System.currentTimeMillis());
        region.setServiceStateRelease(SERVICE_READY);
        return new ServiceHost(dir, engine, region, log, commands);
    }

    /** The service region (for status). */
    public ServiceRegion region() {
        return region;
    }

    /** Asks {@link #run} to return: after the queued and running jobs ({@code cancel} false) or after cancelling them. */
    public void requestStop(boolean cancel) {
        region.requestStop(cancel ? STOP_CANCEL : STOP_DRAIN);
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Serves until a stop is requested and the jobs it lets finish are done. */
    public void run() {
        runner = Thread.currentThread();
        long lastBeat = 0;
        long lastClientCheck = 0;
        // spins a little after activity, then parks for longer and longer: up to a millisecond for
        // about a second, then up to 4 ms (an idle service costs a few per mille of a core; a new
        // submission waits at most that long); a finishing job unparks it
        IdleStrategy idle = new IdleStrategy(200, 200, 1_000_000L, 4_000_000L);
        while (!closed) {
            long now = System.currentTimeMillis();
            if (now - lastBeat >= HEARTBEAT_MS) {
                region.setHeartbeatRelease(now);
                lastBeat = now;
            }
            long stop = region.stopRequest();
            if (stop != STOP_NONE && region.serviceState() == SERVICE_READY) {
                region.setServiceStateRelease(SERVICE_DRAINING);
                log.accept(stop == STOP_CANCEL ? "stop requested: cancelling the jobs" : "stop requested: finishing the queued jobs");
            }
            boolean worked = acceptSubmissions(stop);
            worked |= followJobs(stop == STOP_CANCEL);
            worked |= freeReleased();
            if (now - lastClientCheck >= CLIENT_CHECK_MS) {
                checkClients();
                lastClientCheck = now;
            }
            if (stop != STOP_NONE && noJobs()) {
                break;
            }
            if (worked) {
                idle.reset();
            } else {
                idle.idle();
            }
        }
        region.setServiceStateRelease(SERVICE_STOPPING);
    }

    private boolean noJobs() {
        for (Tracked t : tracked) {
            if (t != null) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ submissions

    private boolean acceptSubmissions(long stop) {
        List<Integer> submitted = null;
        for (int s = 0; s < SLOTS; s++) {
            if (region.state(s) == SLOT_SUBMITTED && tracked[s] == null) {
                if (submitted == null) {
                    submitted = new ArrayList<>();
                }
                submitted.add(s);
            }
        }
        if (submitted == null) {
            return false;
        }
        submitted.sort(Comparator.comparingLong(region::ticket));
        for (int s : submitted) {
            if (stop != STOP_NONE) {
                refuse(s, REFUSED_FAILURE, "the shmc service (pid " + Processes.selfPid() + ") is stopping and takes no new jobs");
                continue;
            }
            accept(s);
        }
        return true;
    }

    private void accept(int s) {
        if ((region.flags(s) & FLAG_COMMAND) != 0) {
            acceptCommand(s);
            return;
        }
        ServiceRegion.Request r;
        JobSpec spec;
        try {
            r = region.readRequest(s);
            JobSpec.Builder b = JobSpec.builder(r.kernel()).units(r.from(), r.to()).chunkSize(r.chunkSize())
                    .schedule(Schedule.values()[Math.floorMod(r.schedule(), Schedule.values().length)]).seed(r.seed())
                    .label(r.label()).params(Params.decode(r.params()));
            if (r.resume() != null) {
                b.resume(r.resume());
            }
            if ((r.flags() & FLAG_KEEP_CHUNK_RESULTS) != 0) {
                b.keepChunkResults();
            }
            spec = b.build();
        } catch (RuntimeException e) {
            refuse(s, REFUSED_BAD_INPUT, "bad job request: " + e.getMessage());
            return;
        }
        JobHandle handle;
        try {
            handle = engine.submit(spec);
        } catch (IllegalArgumentException e) {
            refuse(s, REFUSED_BAD_INPUT, e.getMessage());
            return;
        } catch (RuntimeException e) {
            refuse(s, REFUSED_FAILURE, e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        tracked[s] = new Tracked(handle, null, r.ticket());
        Thread me = Thread.currentThread();
        handle.future().whenComplete((result, failure) -> LockSupport.unpark(me)); // a finished job is written back at once
        region.writeJobId(s, handle.id());
        region.setStateRelease(s, SLOT_QUEUED);
        log.accept("job " + handle.id() + " (" + spec.label() + ") from client pid " + region.owner(s) + " queued");
    }

    /** Starts a thin client's command line on a thread of its own, its output in a region the client attaches. */
    private void acceptCommand(int s) {
        ServiceRegion.Request r = region.readRequest(s);
        if (commands == null) {
            refuse(s, REFUSED_FAILURE, "this service runs no command lines");
            return;
        }
        String ownState = dev.shmc.engine.config.StateDirectory.resolve().toString();
        if (!ownState.equals(r.kernel())) {
            // its jobs would go to another registry than the client's
            refuse(s, REFUSED_FAILURE, "the client's state directory " + r.kernel() + " is not the service's, " + ownState);
            return;
        }
        String[] args = CommandClient.decodeArgs(r.params());
        CommandOutput output;
        try {
            output = CommandOutput.create(dir, ServiceRegion.outputFileName(s, r.ticket()));
        } catch (RuntimeException e) {
            refuse(s, REFUSED_FAILURE, "cannot create the command's output: " + e.getMessage());
            return;
        }
        CommandRun run = new CommandRun(engine, output);
        outputs[s] = output;
        tracked[s] = new Tracked(null, run, r.ticket());
        Thread me = Thread.currentThread();
        run.exit.whenComplete((code, failure) -> LockSupport.unpark(me));
        region.writeJobId(s, "");
        region.setStateRelease(s, SLOT_RUNNING);
        run.start(commands, args, (r.flags() & FLAG_STDERR_TTY) != 0, s + "-" + r.ticket());
        log.accept("command '" + r.label() + "' from client pid " + region.owner(s) + " started");
    }

    private void refuse(int s, long kind, String message) {
        region.writeRefusal(s, kind, message);
        region.setStateRelease(s, SLOT_REFUSED);
    }

    // ------------------------------------------------------------------ running jobs

    private boolean followJobs(boolean cancelAll) {
        boolean worked = false;
        int oldest = -1;
        for (int s = 0; s < SLOTS; s++) {
            Tracked t = tracked[s];
            if (t == null) {
                continue;
            }
            if (!t.cancelled && (cancelAll || region.cancelRequested(s) || region.abandoned(s))) {
                t.cancelled = true;
                t.cancel();
                worked = true;
            }
            if (t.command != null) {
                if (t.command.exit.isDone()) {
                    finishCommand(s, t);
                    worked = true;
                    continue;
                }
                JobHandle current = t.command.current();
                if (current != null) {
                    if (!current.id().equals(region.jobId(s))) {
                        region.writeJobId(s, current.id()); // for status and shmc cancel
                    }
                    region.setProgressRelease(s, current.progress());
                }
                if (t.cancelled && region.cancelRequested(s)) {
                    t.command.cancel(); // a job it submitted after the cancel
                }
                continue;
            }
            if (t.handle.future().isDone()) {
                finish(s, t);
                worked = true;
                continue;
            }
            region.setProgressRelease(s, t.handle.progress());
            if (oldest < 0 || t.ticket < tracked[oldest].ticket) {
                oldest = s;
            }
        }
        // the engine runs jobs one at a time in the order they were accepted: the oldest is the one running
        // (a command's jobs queue in the engine among them, so this is a good guess, not the truth)
        if (oldest >= 0 && region.state(oldest) == SLOT_QUEUED) {
            region.setStateRelease(oldest, SLOT_RUNNING);
        }
        return worked;
    }

    private void finish(int s, Tracked t) {
        tracked[s] = null;
        JobResult result = null;
        String error = null;
        try {
            result = t.handle.future().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            error = cause instanceof JobFailedException ? cause.getMessage() : "job " + t.handle.id() + " failed in the service: " + cause;
        } catch (RuntimeException e) {
            error = "job " + t.handle.id() + " failed in the service: " + e;
        }
        region.addJobFinished();
        if (t.orphan || region.abandoned(s) || !clientAlive(s)) {
            log.accept("job " + t.handle.id() + " ended; its client is gone");
            region.free(s);
            return;
        }
        try {
            if (result == null) {
                region.writeOutcome(s, new ServiceRegion.Outcome(0, 0, 0, 0, 0, "", error, false), new long[0]);
            } else {
                boolean inFile = result.words().length > INLINE_RESULT_WORDS || !result.chunkResults().isEmpty();
                if (inFile) {
                    resultFiles[s] = writeResultFile(s, t.ticket, result);
                }
                region.writeOutcome(s, new ServiceRegion.Outcome(result.status().ordinal() + 1, result.chunks(), result.chunksDone(),
                        result.chunksSkipped(), result.seconds(), result.layout().encode(), null, inFile), result.words());
            }
        } catch (RuntimeException e) {
            closeResultFile(s);
            region.writeOutcome(s, new ServiceRegion.Outcome(0, 0, 0, 0, 0, "", "job " + t.handle.id()
                    + " finished, but the service could not hand its result back: " + e.getMessage(), false), new long[0]);
        }
        region.setProgressRelease(s, 1.0);
        region.setStateRelease(s, SLOT_DONE);
    }

    private void finishCommand(int s, Tracked t) {
        tracked[s] = null;
        region.addJobFinished();
        if (t.orphan || region.abandoned(s) || !clientAlive(s)) {
            log.accept("a command ended; its client is gone");
            closeResultFile(s);
            region.free(s);
            return;
        }
        int code = t.command.exit.join();
        region.writeExitCode(s, code);
        region.setProgressRelease(s, 1.0);
        region.setStateRelease(s, SLOT_DONE);
        log.accept(String.format("command '%s' ended: exit %d, %.1f ms", region.label(s), code,
                (t.command.endedNanos - t.command.startedNanos) / 1e6));
    }

    /** A result too large for its slot, in a file of its own: the words, then the chunk results (count, then each: length or -1, words). */
    private SharedRegion writeResultFile(int s, long ticket, JobResult result) {
        long words = 1L + result.words().length + 1;
        for (long[] c : result.chunkResults()) {
            words += 1 + (c == null ? 0 : c.length);
        }
        SharedRegion file = SharedRegion.create(dir, ServiceRegion.resultFileName(s, ticket), RegionDescriptor.KIND_RESULTS, words * Long.BYTES);
        MemorySegment p = file.payload();
        long at = 0;
        p.set(ValueLayout.JAVA_LONG, at, result.words().length);
        at += Long.BYTES;
        MemorySegment.copy(result.words(), 0, p, ValueLayout.JAVA_LONG, at, result.words().length);
        at += (long) result.words().length * Long.BYTES;
        p.set(ValueLayout.JAVA_LONG, at, result.chunkResults().size());
        at += Long.BYTES;
        for (long[] c : result.chunkResults()) {
            p.set(ValueLayout.JAVA_LONG, at, c == null ? -1 : c.length);
            at += Long.BYTES;
            if (c != null) {
                MemorySegment.copy(c, 0, p, ValueLayout.JAVA_LONG, at, c.length);
                at += (long) c.length * Long.BYTES;
            }
        }
        return file;
    }

    private void closeResultFile(int s) {
        SharedRegion f = resultFiles[s];
        if (f != null) {
            resultFiles[s] = null;
            f.close(); // the creator's close removes the file
        }
        CommandOutput o = outputs[s];
        if (o != null) {
            outputs[s] = null;
            o.close();
        }
    }

    private boolean freeReleased() {
        boolean worked = false;
        for (int s = 0; s < SLOTS; s++) {
            long state = region.state(s);
            if (state == SLOT_RELEASED || state == SLOT_REFUSED && region.owner(s) != 0 && region.abandoned(s)) {
                closeResultFile(s);
                region.free(s);
                worked = true;
            }
        }
        return worked;
    }

    // ------------------------------------------------------------------ clients

    private boolean clientAlive(int s) {
        long pid = region.owner(s);
        return pid != 0 && Processes.isAlive(pid, region.ownerStart(s));
    }

    /** Cancels the jobs of clients that died, and frees the slots they left (claimed, refused or done, never read). */
    private void checkClients() {
        for (int s = 0; s < SLOTS; s++) {
            long owner = region.owner(s);
            if (owner == 0) {
                continue;
            }
            Tracked t = tracked[s];
            long state = region.state(s);
            // a slot being claimed has its start time written a moment after its owner: the PID alone decides then
            boolean alive = Processes.isAlive(owner, state == SLOT_FREE ? 0 : region.ownerStart(s));
            if (alive) {
                continue;
            }
            if (t != null) {
                if (!t.orphan) {
                    t.orphan = true;
                    log.accept("client pid " + owner + " died: cancelling its job " + t.id());
                    if (t.command != null) {
                        t.command.readerGone();
                    }
                    if (!t.cancelled) {
                        t.cancelled = true;
                        t.cancel();
                    }
                }
            } else if (state != SLOT_SUBMITTED) {
                closeResultFile(s);
                region.free(s);
            }
        }
    }

    /** Removes the service region and any result files; the engine is the caller's to close. */
    @Override
    public void close() {
        closed = true;
        for (int s = 0; s < SLOTS; s++) {
            closeResultFile(s);
        }
        region.setServiceStateRelease(SERVICE_STOPPING);
        region.close();
    }
}
