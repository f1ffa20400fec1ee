package dev.shmc.cluster;

/**
 * How a cluster job's chunks are cut into pieces for the members. The chunks are the job's own
 * grid ({@link dev.shmc.engine.api.ChunkGrid}, as one host would cut it); a piece is a run of
 * whole consecutive chunks, so each member computes exactly the chunks a single host would, and
 * the submitter folds their results in the job's chunk order.
 *
 * <p>About {@link ClusterConfig#PIECES_PER_MEMBER} pieces per member, fewer when chunks are
 * scarce: a piece has at least as many chunks as the largest member has workers (when the job has
 * that many), since a member runs one piece at a time and a piece of fewer chunks leaves some of
 * its workers idle. Pieces differ by at most one chunk.
 */
final class Pieces {
    private Pieces() {
    }

    /**
     * The piece boundaries, in chunks, of a job of {@code chunks} chunks: piece {@code i} is chunks
     * [b[i], b[i+1]); {@code b.length - 1} pieces, none empty, none for a job without chunks.
     *
     * @param members          members at submit time (at least 1)
     * @param workersPerMember workers of the largest member (at least 1)
     */
    static long[] cut(long chunks, int members, int workersPerMember) {
        if (chunks <= 0) {
            return new long[] {0};
        }
        int m = Math.max(1, members);
        long byWorkers = Math.max(m, chunks / Math.max(1, workersPerMember));
        int n = (int) Math.min(chunks, Math.min((long) m * ClusterConfig.PIECES_PER_MEMBER, byWorkers));
        long size = chunks / n;
        long longer = chunks % n; // the first pieces get one chunk more
        long[] bounds = new long[n + 1];
        for (int i = 0; i <= n; i++) {
            bounds[i] = size * i + Math.min(i, longer);
        }
        return bounds;
    }
}
