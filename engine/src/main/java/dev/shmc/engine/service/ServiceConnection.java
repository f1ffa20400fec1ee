package dev.shmc.engine.service;

import static dev.shmc.engine.service.ServiceDescriptor.*;

import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.sync.IdleStrategy;
import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A client's connection to the resident service of its region directory ({@code shmc service
 * start}): a {@link JobRunner} whose jobs run on the service's warm worker pool, queued behind
 * other clients' jobs. Submitting hands the job to the service through the service region
 * ({@link ServiceDescriptor}); a thread of this connection watches the slots of its jobs and the
 * service, so that a job's future completes when the service wrote its result, and fails with one
 * clear message when the service dies or stops answering. Closing the connection cancels the jobs
 * it submitted that are still queued or running. Thread-safe.
 */
public final class ServiceConnection implements JobRunner {
    /** A service whose heartbeat is older than this is taken for hung (stopped, swapped out). */
    static final long SERVICE_TIMEOUT_MS = Long.getLong("shmc.serviceTimeoutMs", 10_000);

    /** How often a waiting client looks at the service's process and heartbeat. */
    static final long CHECK_NANOS = 50_000_000L;

    /** How long a submission may wait for the service to accept it. */
    private static final long ACCEPT_TIMEOUT_MS = 60_000;

    private final ServiceRegion region;
    private final Path dir;
    private final long servicePid;
    private final Mode mode;
    private final int workers;
    private final double connectSeconds;
    private final List<SlotHandle> pending = new CopyOnWriteArrayList<>();
    private volatile Thread watcher;
    private volatile String broken;
    private volatile boolean closed;

    private ServiceConnection(ServiceRegion region, Path dir, double connectSeconds) {
        this.region = region;
        this.dir = dir;
        this.servicePid = region.servicePid();
        this.mode = Mode.values()[Math.floorMod(region.mode(), Mode.values().length)];
        this.workers = region.workers();
        this.connectSeconds = connectSeconds;
    }

    /**
     * The running service of region directory {@code dir}, if there is one that takes jobs: its
     * region is the user's own, its process alive and its heartbeat fresh. A service region left by
     * a dead service is not used (the next {@code shmc service start} or {@code shmc clean}
     * removes it).
     */
    public static Optional<ServiceConnection> find(Path dir) {
        long t0 = System.nanoTime();
        ServiceRegion region = ServiceRegion.attachLive(dir, false).orElse(null);
        if (region == null) {
            return Optional.empty();
        }
        if (region.serviceState() != SERVICE_READY || region.problem(SERVICE_TIMEOUT_MS) != null) {
            region.close();
            return Optional.empty();
        }
        return Optional.of(new ServiceConnection(region, dir, (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Connects to the running service of region directory {@code dir}.
     *
     * @throws IllegalStateException when none runs there
     */
    public static ServiceConnection connect(Path dir) {
        return find(dir).orElseThrow(() -> new IllegalStateException("no shmc service runs for this user in " + dir
                + " (start one with 'shmc service start')"));
    }

    /** PID of the service process. */
    public long servicePid() {
        return servicePid;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public Mode mode() {
        return mode;
    }

    /** Seconds it took to connect (the service's workers were started long before). */
    @Override
    public double startupSeconds() {
        return connectSeconds;
    }

    /** PID of the service's worker {@code index} (read from its control region), or -1 when it cannot be read. */
    @Override
    public long workerPid(int index) {
        Path control = dir.resolve(region.controlName() + dev.shmc.shm.region.RegionDescriptor.FILE_SUFFIX);
        try (SharedRegion ctl = SharedRegion.attach(control, true)) {
            List<ControlRegion.WorkerStatus> slots = ControlRegion.status(ctl).workerSlots();
            return index >= 0 && index < slots.size() ? slots.get(index).pid() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ submit

    /**
     * Hands the job to the service and returns once the service accepted it (with its id).
     *
     * @throws IllegalArgumentException when the service refuses the job as invalid (an unknown
     *                                  kernel, bad parameters), as a local engine would
     * @throws IllegalStateException    when the service stopped, stops, or does not answer
     */
    @Override
    public JobHandle submit(JobSpec spec) {
        if (closed) {
            throw new IllegalStateException("the connection to the shmc service is closed");
        }
        spec = withKernelLocation(spec);
        ServiceRegion.Request request = new ServiceRegion.Request(Processes.selfStartMillis(), 0, spec.from(), spec.to(),
                spec.chunkSize(), spec.schedule().ordinal(), spec.seed(), spec.keepsChunkResults() ? FLAG_KEEP_CHUNK_RESULTS : 0,
                spec.resumeJobId(), spec.label(), spec.kernelClass(), spec.params().encode());
        checkSizes(request);
        long t0 = System.nanoTime();
        int slot = claimSlot();
        try {
            region.writeRequest(slot, new ServiceRegion.Request(request.ownerStart(), region.takeTicket(), request.from(), request.to(),
                    request.chunkSize(), request.schedule(), request.seed(), request.flags(), request.resume(), request.label(),
                    request.kernel(), request.params()));
        } catch (RuntimeException e) {
            region.setStateRelease(slot, SLOT_RELEASED);
            throw e;
        }
        // release: the service reads the request only after it sees SUBMITTED
        region.setStateRelease(slot, SLOT_SUBMITTED);
        long deadline = System.nanoTime() + ACCEPT_TIMEOUT_MS * 1_000_000L;
        IdleStrategy idle = new IdleStrategy(100, 100, 1_000_000L);
        long lastCheck = System.nanoTime();
        while (true) {
            long state = region.state(slot);
            if (state == SLOT_QUEUED || state == SLOT_RUNNING || state == SLOT_DONE) {
                SlotHandle h = new SlotHandle(slot, region.jobId(slot), t0);
                pending.add(h);
                startWatcher();
                return h;
            }
            if (state == SLOT_REFUSED) {
                long kind = region.refusal(slot);
                String message = region.error(slot);
                region.setStateRelease(slot, SLOT_RELEASED);
                if (kind == REFUSED_BAD_INPUT) {
                    throw new IllegalArgumentException(message);
                }
                throw new IllegalStateException(message);
            }
            long now = System.nanoTime();
            if (now - lastCheck > CHECK_NANOS) { // the process table, not on every spin
                lastCheck = now;
                String down = region.problem(SERVICE_TIMEOUT_MS);
                if (down != null || now > deadline) {
                    region.abandon(slot);
                    throw new IllegalStateException(down != null ? down
                            : "the shmc service (pid " + servicePid + ") did not accept the job within " + ACCEPT_TIMEOUT_MS / 1000 + " s");
                }
            }
            idle.idle();
        }
    }

    /**
     * The job, with the jar or class directory its kernel class was loaded from in this program as
     * its classpath, when it names none and its kernel is the program's own (not shmc's): the
     * service did not start with the program's classes. A kernel that needs other jars of the
     * program names them all ({@link JobSpec.Builder#classpath}).
     */
    static JobSpec withKernelLocation(JobSpec spec) {
        if (!spec.classpath().isEmpty()) {
            return spec;
        }
        String name = spec.kernelClass();
        if (name.equals(JobSpec.METHOD_KERNEL)) {
            String target = spec.params().getString(JobSpec.COMPUTE_PARAM, "");
            name = target.contains("::") ? target.substring(0, target.indexOf("::")) : "";
        }
        if (name.isEmpty() || name.startsWith("dev.shmc.")) {
            return spec;
        }
        Path location;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : ServiceConnection.class.getClassLoader();
            java.security.CodeSource source = Class.forName(name, false, loader).getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
                return spec;
            }
            location = Path.of(source.getLocation().toURI());
        } catch (ReflectiveOperationException | LinkageError | java.net.URISyntaxException | RuntimeException e) {
            return spec; // not loadable here: the service says what is missing
        }
        JobSpec.Builder b = JobSpec.builder(spec.kernelClass()).params(spec.params()).units(spec.from(), spec.to())
                .chunkSize(spec.chunkSize()).schedule(spec.schedule()).seed(spec.seed()).label(spec.label()).classpath(location);
        if (spec.resumeJobId() != null) {
            b.resume(spec.resumeJobId());
        }
        if (spec.keepsChunkResults()) {
            b.keepChunkResults();
        }
        return b.build();
    }

    private static void checkSizes(ServiceRegion.Request r) {
        if (r.params().length > PARAMS_CAPACITY) {
            throw new IllegalArgumentException("job parameters too long: " + r.params().length + " bytes, at most " + PARAMS_CAPACITY);
        }
    }

    /** Claims a free slot; waits while all are taken (the service is alive and busy). */
    private int claimSlot() {
        long pid = Processes.selfPid();
        for (int round = 0; ; round++) {
            for (int s = 0; s < SLOTS; s++) {
                if (region.claim(s, pid)) {
                    return s;
                }
            }
            String down = region.problem(SERVICE_TIMEOUT_MS);
            if (down != null) {
                throw new IllegalStateException(down);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }


    // ------------------------------------------------------------------ watching

    private synchronized void startWatcher() {
        if (watcher == null) {
            watcher = Thread.ofPlatform().daemon().name("shmc-service-client").start(this::watch);
        }
    }

    private void watch() {
        long lastCheck = System.nanoTime();
        IdleStrategy idle = new IdleStrategy(100, 100, 1_000_000L);
        while (!closed) {
            boolean progressed = false;
            for (SlotHandle h : pending) {
                if (region.state(h.slot) == SLOT_DONE) {
                    complete(h);
                    progressed = true;
                }
            }
            long now = System.nanoTime();
            if (now - lastCheck > CHECK_NANOS && !pending.isEmpty()) {
                lastCheck = now;
                String down = region.problem(SERVICE_TIMEOUT_MS);
                if (down != null) {
                    broken = down;
                    for (SlotHandle h : pending) {
                        pending.remove(h);
                        h.future.completeExceptionally(new JobFailedException(down + " while job " + h.id + " was "
                                + (region.state(h.slot) == SLOT_QUEUED ? "queued" : "running") + "; it did not finish"));
                    }
                }
            }
            if (pending.isEmpty()) {
                LockSupport.parkNanos(2_000_000L);
                continue;
            }
            if (progressed) {
                idle.reset();
            }
            idle.idle();
        }
    }

    private void complete(SlotHandle h) {
        pending.remove(h);
        try {
            ServiceRegion.Outcome o = region.readOutcome(h.slot);
            if (o.status() == STATUS_NONE || o.status() - 1 == JobStatus.FAILED.ordinal()) {
                region.setStateRelease(h.slot, SLOT_RELEASED);
                h.future.completeExceptionally(new JobFailedException(o.error() == null ? "job " + h.id + " failed" : o.error()));
                return;
            }
            long[] words;
            List<long[]> chunkResults = List.of();
            if (o.inFile()) {
                try (SharedRegion file = SharedRegion.attach(dir.resolve(ServiceRegion.resultFileName(h.slot, region.ticket(h.slot))
                        + dev.shmc.shm.region.RegionDescriptor.FILE_SUFFIX), true)) {
                    MemorySegment p = file.payload();
                    long at = 0;
                    words = new long[(int) p.get(ValueLayout.JAVA_LONG, at)];
                    at += Long.BYTES;
                    MemorySegment.copy(p, ValueLayout.JAVA_LONG, at, words, 0, words.length);
                    at += (long) words.length * Long.BYTES;
                    long chunks = p.get(ValueLayout.JAVA_LONG, at);
                    at += Long.BYTES;
                    List<long[]> list = new ArrayList<>();
                    for (long c = 0; c < chunks; c++) {
                        long n = p.get(ValueLayout.JAVA_LONG, at);
                        at += Long.BYTES;
                        if (n < 0) {
                            list.add(null);
                        } else {
                            long[] w = new long[(int) n];
                            MemorySegment.copy(p, ValueLayout.JAVA_LONG, at, w, 0, w.length);
                            at += n * Long.BYTES;
                            list.add(w);
                        }
                    }
                    chunkResults = list;
                }
            } else {
                words = region.readInlineResult(h.slot);
            }
            JobStatus status = JobStatus.values()[(int) o.status() - 1];
            ResultLayout layout = ResultLayout.parse(o.layout());
            region.setStateRelease(h.slot, SLOT_RELEASED);
            h.future.complete(new JobResult(h.id, status, words, o.chunks(), o.chunksDone(), o.chunksSkipped(),
                    (System.nanoTime() - h.submittedNanos) / 1e9, workers, mode, layout, chunkResults));
        } catch (RuntimeException e) {
            region.setStateRelease(h.slot, SLOT_RELEASED);
            h.future.completeExceptionally(new JobFailedException("cannot read the result of job " + h.id + " from the shmc service: " + e, e));
        }
    }

    /** Cancels this connection's jobs that are still queued or running, and detaches. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Thread w = watcher;
        if (w != null) {
            LockSupport.unpark(w);
            try {
                w.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SlotHandle h : pending) {
            region.abandon(h.slot);
            h.future.completeExceptionally(new JobFailedException("the connection to the shmc service was closed before job " + h.id + " ended"));
        }
        pending.clear();
        region.close();
    }

    /** A job submitted through this connection. */
    private final class SlotHandle implements JobHandle {
        final int slot;
        final String id;
        final long submittedNanos;
        final CompletableFuture<JobResult> future = new CompletableFuture<>();

        SlotHandle(int slot, String id, long submittedNanos) {
            this.slot = slot;
            this.id = id;
            this.submittedNanos = submittedNanos;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public CompletableFuture<JobResult> future() {
            return future;
        }

        @Override
        public double progress() {
            return future.isDone() ? 1.0 : closed ? 0.0 : region.progress(slot);
        }

        @Override
        public void cancel() {
            if (!future.isDone() && !closed) {
                region.requestCancel(slot);
            }
        }
    }
}
