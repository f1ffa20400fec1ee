package dev.shmc.cluster;

/**
 * How a job's range of units is cut into pieces for the members: about
 * {@link ClusterConfig#PIECES_PER_MEMBER} per member, of equal size, each a whole number of the
 * job's chunks when the job sets a chunk size (so each member's engine cuts the very chunks a
 * single host would). Kernels' results depend only on (seed, unit), never on the cut.
 */
final class Pieces {
    private Pieces() {
    }

    /**
     * The piece boundaries of [from, to): piece {@code i} is [b[i], b[i+1]); {@code b.length - 1}
     * pieces, none empty, none for an empty range.
     *
     * @param chunkSize the job's chunk size in units, or 0 when the engine chooses
     * @param members   members at submit time (at least 1)
     */
    static long[] cut(long from, long to, long chunkSize, int members) {
        long units = to - from;
        if (units <= 0) {
            return new long[] {from};
        }
        long wanted = Math.max(1, Math.min(units, (long) Math.max(1, members) * ClusterConfig.PIECES_PER_MEMBER));
        long size = (units + wanted - 1) / wanted;
        if (chunkSize > 0) {
            size = (size + chunkSize - 1) / chunkSize * chunkSize;
        }
        int n = (int) ((units + size - 1) / size);
        long[] bounds = new long[n + 1];
        for (int i = 0; i < n; i++) {
            bounds[i] = from + i * size;
        }
        bounds[n] = to;
        return bounds;
    }
}
