package dev.shmc.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import dev.shmc.engine.api.ChunkGrid;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.config.EngineConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One job on a cluster: cuts its chunk grid (the one a single host would cut, {@link ChunkGrid})
 * into pieces of whole chunks, hands them out, re-queues the pieces of a lost member, stops every
 * member on cancel or on an answer found, and folds the chunks' results in chunk order from the
 * identity, as one host's coordinator does: the result has the same bits on any number of members.
 * Pieces are folded as soon as every piece before them has answered, so the chunk results held at
 * once are mostly those of pieces answered out of order.
 *
 * <p>All bookkeeping happens on one dispatcher thread per job, fed by a queue of events (a piece
 * answered or failed, a member left or joined, a cancel): Hazelcast's callback threads only
 * enqueue, so no lock is needed and no event can race another.
 */
final class ClusterJob implements JobHandle {
    private sealed interface Event permits Answered, CallFailed, MemberLeft, MembersChanged, Cancel {
    }

    private record Answered(UUID member, PieceResult result) implements Event {
    }

    private record CallFailed(UUID member, int piece, int attempt, Throwable error) implements Event {
    }

    private record MemberLeft(Member member) implements Event {
    }

    private record MembersChanged() implements Event {
    }

    private record Cancel() implements Event {
    }

    /** Where a piece was sent, which attempt that was (answers of older attempts are ignored), and the request's seal (its answer must carry its nonce). */
    private record Sent(UUID member, int attempt, Seal seal) {
    }

    private final ShmcCluster cluster;
    private final String id;
    private final JobSpec spec;
    private final Kernel kernel;
    private final long submittedNanos = System.nanoTime();
    private final CompletableFuture<JobResult> future = new CompletableFuture<>();
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile long unitsDone;
    private volatile boolean cancelRequested;

    // dispatcher thread only
    private ResultLayout layout;
    private ChunkGrid grid;
    /** Piece i is chunks [pieceChunks[i], pieceChunks[i + 1]) of the grid. */
    private long[] pieceChunks;
    private Result acc;
    private Result part;
    /** Pieces folded into acc: every piece before this one. */
    private int folded;
    private long chunksIncluded;
    private boolean found;
    private boolean partial;
    /** Every chunk's result in chunk order, when the job asked to keep them; else null. */
    private List<long[]> chunkResults;
    private final ArrayDeque<Integer> pending = new ArrayDeque<>();
    private final Map<Integer, Sent> inFlight = new HashMap<>();
    private final Map<UUID, Long> suspectUntil = new HashMap<>();
    private final Map<UUID, String> addresses = new HashMap<>();
    private final Set<String> lost = new LinkedHashSet<>();
    /** Members that answered LEAVING (shutting down): no more pieces for them. */
    private final Set<UUID> leaving = new HashSet<>();
    /** Members whose answer did not verify (no key: not a member of ours, or tampered with on the way): no more pieces for them. */
    private final Set<UUID> distrusted = new HashSet<>();
    /** The last error of a failed call, for the message when a piece has failed too often. */
    private String lastCallError = "";
    /** Pieces taken back from each member whose call failed or who left. */
    private final Map<UUID, Integer> takenBack = new HashMap<>();
    private PieceResult[] results;
    private int[] attempts;
    private int members;
    private int requeued;
    private boolean stopping;
    private long stopDeadline;
    private long noMemberSince;

    ClusterJob(ShmcCluster cluster, String id, JobSpec spec, Kernel kernel) {
        this.cluster = cluster;
        this.id = id;
        this.spec = spec;
        this.kernel = kernel;
    }

    void start() {
        Thread.ofPlatform().daemon().name("shmc-cluster-job-" + id).start(() -> {
            JobResult result = null;
            Throwable failure = null;
            try {
                result = dispatch();
            } catch (Throwable t) {
                stopQuietly(); // the members stop what they still run of it
                failure = t instanceof JobFailedException f ? f : new JobFailedException("cluster job " + id + " failed: " + Members.message(t), t);
            }
            // the report first: whoever sees the future complete may ask for it at once
            cluster.finished(this, report());
            if (failure == null) {
                future.complete(result);
            } else {
                future.completeExceptionally(failure);
            }
        });
    }

    // ------------------------------------------------------------------ events from other threads

    void memberLost(Member m) {
        events.add(new MemberLeft(m));
    }

    void membersChanged() {
        events.add(new MembersChanged());
    }

    // ------------------------------------------------------------------ dispatcher

    private JobResult dispatch() throws InterruptedException {
        List<Member> now = cluster.members();
        if (now.isEmpty()) {
            throw new JobFailedException("cluster '" + cluster.name() + "' has no member");
        }
        members = now.size();
        layout = kernel.resultLayout(spec.params());
        acc = Result.of(layout);
        part = Result.of(layout);
        kernel.identity(acc);
        chunkResults = spec.keepsChunkResults() ? new ArrayList<>() : null;
        cutPieces(now);
        while (true) {
            if (cancelRequested && !stopping) {
                stop("cancelled");
            }
            if (!stopping) {
                handOut();
            }
            if (inFlight.isEmpty() && (stopping || pending.isEmpty())) {
                break;
            }
            if (stopping && System.nanoTime() - stopDeadline > 0) {
                cluster.event("job " + id + ": " + inFlight.size() + " piece(s) did not answer within "
                        + ClusterConfig.STOP_WAIT_MS + " ms of the stop; reporting without them");
                break;
            }
            checkMembersLeft();
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null) {
                handle(e);
            }
        }
        return combine();
    }

    /** The job's grid as one host would cut it (the workers of all members, for kernels whose grid depends on them), in pieces. */
    private void cutPieces(List<Member> now) {
        int workers = Math.max(1, now.stream().mapToInt(Members::workers).sum());
        int largest = Math.max(1, now.stream().mapToInt(Members::workers).max().orElse(1));
        grid = ChunkGrid.of(spec, kernel, layout.words(), workers, EngineConfig.CHUNK_CAPACITY);
        pieceChunks = Pieces.cut(grid.chunks(), now.size(), largest);
        int n = pieceChunks.length - 1;
        for (int i = 0; i < n; i++) {
            pending.add(i);
        }
        results = new PieceResult[n];
        attempts = new int[n];
    }

    /** Sends pending pieces to members with room, one per member per round so that they start evenly. */
    private void handOut() {
        List<Member> now = cluster.members();
        long t = System.nanoTime();
        boolean sent = true;
        while (sent && !pending.isEmpty()) {
            sent = false;
            for (Member m : now) {
                if (pending.isEmpty()) {
                    break;
                }
                Long suspect = suspectUntil.get(m.getUuid());
                if (suspect != null && t - suspect < 0 || leaving.contains(m.getUuid()) || distrusted.contains(m.getUuid())) {
                    continue;
                }
                if (inFlightOn(m.getUuid()) < ClusterConfig.IN_FLIGHT_PER_MEMBER) {
                    send(pending.poll(), m);
                    sent = true;
                }
            }
        }
    }

    private int inFlightOn(UUID member) {
        int n = 0;
        for (Sent s : inFlight.values()) {
            if (s.member().equals(member)) {
                n++;
            }
        }
        return n;
    }

    private void send(int piece, Member m) {
        int attempt = ++attempts[piece];
        if (attempt > ClusterConfig.MAX_PIECE_ATTEMPTS) {
            throw new JobFailedException("cluster job " + id + ": piece " + piece + " could not be run in " + ClusterConfig.MAX_PIECE_ATTEMPTS
                    + " attempts (last error: " + lastCallError + (lost.isEmpty() ? "" : "; lost members: " + String.join(", ", lost)) + ")");
        }
        UUID uuid = m.getUuid();
        addresses.put(uuid, Members.address(m));
        PieceTask task = new PieceTask(id, piece, attempt, spec, grid.chunkSize(), grid.chunkFrom(pieceChunks[piece]),
                grid.chunkTo(pieceChunks[piece + 1] - 1));
        cluster.sign(task);
        inFlight.put(piece, new Sent(uuid, attempt, task.seal));
        try {
            cluster.executor().submitToMember(task, m, new ExecutionCallback<PieceResult>() {
                @Override
                public void onResponse(PieceResult r) {
                    events.add(new Answered(uuid, r));
                }

                @Override
                public void onFailure(Throwable t) {
                    events.add(new CallFailed(uuid, piece, attempt, t));
                }
            });
        } catch (RuntimeException e) {
            events.add(new CallFailed(uuid, piece, attempt, e));
        }
    }

    private void handle(Event e) {
        switch (e) {
            case Answered a -> answered(a.member(), a.result());
            case CallFailed f -> callFailed(f);
            case MemberLeft l -> memberLeft(l.member());
            case MembersChanged c -> noMemberSince = 0;
            case Cancel c -> stop("cancelled");
        }
    }

    private boolean current(int piece, UUID member, int attempt) {
        Sent s = inFlight.get(piece);
        return s != null && s.member().equals(member) && s.attempt() == attempt;
    }

    private void answered(UUID member, PieceResult r) {
        if (!current(r.piece, member, r.attempt)) {
            return; // an answer from an attempt already given up (its member was thought lost)
        }
        Sent sent = inFlight.remove(r.piece);
        if (!cluster.verifies(r, sent.seal())) {
            // not made with the key to this request: never combined, whatever it says
            distrusted.add(member);
            takenBack.merge(member, 1, Integer::sum);
            requeue(r.piece);
            cluster.event("dropped the answer of member " + addresses.get(member) + " for piece " + r.piece + " of job " + id
                    + ": it does not verify (" + (r.seal == null || r.seal.mac == null ? "no MAC" : "bad MAC")
                    + "); the piece is re-run on the others, and that member gets no more pieces of this job");
            return;
        }
        switch (r.outcome) {
            case FAILED -> {
                stop("failed");
                throw new JobFailedException("cluster job " + id + " failed " + r.error);
            }
            case LEAVING -> {
                // not the piece's fault: it does not count as an attempt, and the member gets no more
                leaving.add(member);
                attempts[r.piece]--;
                takenBack.merge(member, 1, Integer::sum);
                requeue(r.piece);
            }
            case COMPLETED, FOUND, CANCELLED -> {
                String wrong = wrongShape(r);
                if (wrong != null) {
                    stop("failed");
                    throw new JobFailedException("cluster job " + id + ": member " + addresses.get(member) + " answered piece " + r.piece
                            + " with " + wrong + " (a member of another shmc version?)");
                }
                results[r.piece] = r;
                foldAnswered();
                if (r.outcome == PieceResult.Outcome.COMPLETED) {
                    unitsDone += r.units;
                }
                if (r.outcome == PieceResult.Outcome.FOUND) {
                    stop("found"); // the member broadcast it already; once more does no harm
                } else if (r.outcome == PieceResult.Outcome.CANCELLED && !stopping) {
                    // stopped by a broadcast we have not caused: another member found the answer
                    // (its FOUND answer is on its way)
                    stopping = true;
                    stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ClusterConfig.STOP_WAIT_MS);
                }
            }
        }
    }

    private void callFailed(CallFailed f) {
        if (!current(f.piece(), f.member(), f.attempt())) {
            return;
        }
        inFlight.remove(f.piece());
        lastCallError = Members.message(f.error());
        // the member is probably leaving: no new piece for it until it proves otherwise
        suspectUntil.put(f.member(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ClusterConfig.SUSPECT_MS));
        takenBack.merge(f.member(), 1, Integer::sum);
        requeue(f.piece());
        if (cluster.memberSet().stream().noneMatch(m -> m.getUuid().equals(f.member()))) {
            recordLost(f.member(), addresses.get(f.member()));
        }
    }

    private void memberLeft(Member m) {
        String address = Members.address(m);
        addresses.put(m.getUuid(), address);
        recordLost(m.getUuid(), address);
    }

    private void recordLost(UUID member, String address) {
        List<Integer> pieces = new ArrayList<>();
        for (Map.Entry<Integer, Sent> e : inFlight.entrySet()) {
            if (e.getValue().member().equals(member)) {
                pieces.add(e.getKey());
            }
        }
        pieces.forEach(inFlight::remove);
        pieces.forEach(this::requeue);
        int taken = takenBack.merge(member, pieces.size(), Integer::sum);
        if (address != null && lost.add(address)) {
            cluster.event("member " + address + " left cluster '" + cluster.name() + "' during job " + id + "; " + taken
                    + " unfinished piece(s) re-run on the others");
        }
    }

    private void requeue(int piece) {
        if (results[piece] == null && !stopping) {
            pending.addFirst(piece);
            requeued++;
        }
    }

    /** With pieces left and no member to run them, waits for one to come back, then fails. */
    private void checkMembersLeft() {
        if (!cluster.running()) {
            throw new JobFailedException("cluster job " + id + ": lost the connection to cluster '" + cluster.name() + "'"
                    + (lost.isEmpty() ? "" : " (lost members: " + String.join(", ", lost) + ")"));
        }
        boolean someMemberToRunThem = cluster.memberSet().stream()
                .anyMatch(m -> !leaving.contains(m.getUuid()) && !distrusted.contains(m.getUuid()));
        if (stopping || pending.isEmpty() || !inFlight.isEmpty() || someMemberToRunThem) {
            noMemberSince = 0;
            return;
        }
        long t = System.nanoTime();
        if (noMemberSince == 0) {
            noMemberSince = t;
        } else if (t - noMemberSince > TimeUnit.MILLISECONDS.toNanos(ClusterConfig.NO_MEMBER_TIMEOUT_MS)) {
            throw new JobFailedException("cluster job " + id + ": every member of cluster '" + cluster.name() + "' was lost ("
                    + String.join(", ", lost) + "); " + pending.size() + " piece(s) left undone");
        }
    }

    /** Stops the job everywhere: no more pieces out, and a stop broadcast to every member. */
    private void stop(String why) {
        if (stopping && !why.equals("found")) {
            return;
        }
        stopping = true;
        stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ClusterConfig.STOP_WAIT_MS);
        try {
            cluster.broadcastStop(id);
        } catch (RuntimeException e) {
            cluster.event("job " + id + ": could not broadcast the stop (" + why + "): " + Members.message(e));
        }
    }

    private void stopQuietly() {
        try {
            if (cluster.running()) {
                cluster.broadcastStop(id);
            }
        } catch (RuntimeException ignored) {
            // the job has failed already; members that miss the stop finish their piece and drop it
        }
    }

    /** Why the chunks of answer {@code r} are not those of its piece, or null when they are. */
    private String wrongShape(PieceResult r) {
        long expected = pieceChunks[r.piece + 1] - pieceChunks[r.piece];
        if (r.chunks == 0 && r.outcome != PieceResult.Outcome.COMPLETED) {
            return null; // stopped before it ran
        }
        if (r.chunks != expected || r.resultWords != layout.words()) {
            return r.chunks + " chunk results of " + r.resultWords + " words where its " + expected + " chunks of " + layout.words() + " belong";
        }
        if (r.outcome == PieceResult.Outcome.COMPLETED && r.includedChunks() != expected) {
            return "only " + r.includedChunks() + " of its " + expected + " chunks' results, yet completed";
        }
        return null;
    }

    /** Folds the pieces answered since, as far as every piece before them has answered. */
    private void foldAnswered() {
        while (folded < results.length && results[folded] != null) {
            fold(folded++);
        }
    }

    /**
     * Folds piece {@code p}'s chunks into the accumulator in chunk order (a piece that did not
     * answer, or a chunk without a result, is skipped, as one host skips a chunk not done), then
     * lets go of its words.
     */
    private void fold(int p) {
        PieceResult r = results[p];
        long expected = pieceChunks[p + 1] - pieceChunks[p];
        if (r == null) {
            partial = true;
        } else {
            found |= r.outcome == PieceResult.Outcome.FOUND;
            partial |= r.outcome != PieceResult.Outcome.COMPLETED;
        }
        int w = layout.words();
        int at = 0;
        for (int c = 0; c < expected; c++) {
            if (r != null && r.chunks > 0 && r.includes(c)) {
                System.arraycopy(r.words, at, part.raw(), 0, w);
                at += w;
                if (chunkResults != null) {
                    chunkResults.add(part.raw().clone());
                }
                kernel.combine(acc, part);
                chunksIncluded++;
            } else if (chunkResults != null) {
                chunkResults.add(null);
            }
        }
        if (r != null) {
            r.words = null; // folded: the accumulator has it
        }
    }

    /** Folds the pieces not folded yet, in piece order, skipping those that did not answer. */
    private JobResult combine() {
        while (folded < results.length) {
            fold(folded++);
        }
        JobStatus status = found ? JobStatus.FOUND : partial ? JobStatus.CANCELLED : JobStatus.COMPLETED;
        return new JobResult(id, status, acc.raw(), grid.chunks(), chunksIncluded, 0, (System.nanoTime() - submittedNanos) / 1e9,
                cluster.workers(), cluster.mode(), layout, chunkResults);
    }

    private Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cluster", cluster.name());
        r.put("members", members);
        r.put("pieces", results == null ? 0 : results.length);
        r.put("requeuedPieces", requeued);
        r.put("lostMembers", List.copyOf(lost));
        return r;
    }

    // ------------------------------------------------------------------ JobHandle

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
        if (future.isDone()) {
            return 1.0;
        }
        long u = spec.units();
        return u <= 0 ? 0.0 : Math.min(1.0, unitsDone / (double) u);
    }

    /** Stops the job on every member; it then completes with status CANCELLED and the pieces done so far. */
    @Override
    public void cancel() {
        cancelRequested = true;
        events.add(new Cancel());
    }
}
