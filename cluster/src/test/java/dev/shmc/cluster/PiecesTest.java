package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pieces cover the job's chunks exactly, in order, none empty, their sizes at most one chunk apart. */
class PiecesTest {
    @Test
    void shouldCoverRandomChunkCountsWithEvenRunsOfChunks() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 10_000; i++) {
            long chunks = rnd.nextInt(4) == 0 ? rnd.nextLong(50) : rnd.nextLong(1 << 16);
            int members = 1 + rnd.nextInt(9);
            int workers = 1 + rnd.nextInt(64);
            long[] b = Pieces.cut(chunks, members, workers);
            int pieces = b.length - 1;
            assertEquals(0, b[0]);
            assertEquals(chunks, b[pieces]);
            assertTrue(pieces <= (long) members * ClusterConfig.PIECES_PER_MEMBER, "pieces " + pieces);
            assertTrue(pieces >= Math.min(chunks, members), pieces + " pieces of " + chunks + " chunks for " + members + " members");
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int p = 0; p < pieces; p++) {
                assertTrue(b[p + 1] > b[p], "empty piece");
                min = Math.min(min, b[p + 1] - b[p]);
                max = Math.max(max, b[p + 1] - b[p]);
            }
            assertTrue(pieces == 0 || max - min <= 1, "pieces of " + min + " to " + max + " chunks");
        }
    }

    @Test
    void shouldCutMorePiecesThanMembers() {
        assertEquals(3 * ClusterConfig.PIECES_PER_MEMBER, Pieces.cut(256, 3, 1).length - 1);
        assertEquals(0, Pieces.cut(0, 3, 1).length - 1);
        assertEquals(2, Pieces.cut(2, 3, 1).length - 1);
    }

    @Test
    void shouldGiveEachPieceAChunkForEveryWorkerOfTheLargestMember() {
        long[] b = Pieces.cut(256, 3, 32);
        assertEquals(8, b.length - 1, "256 chunks for members of 32 workers");
        assertEquals(32, b[1] - b[0]);
        assertEquals(3, Pieces.cut(256, 3, 200).length - 1, "at least one piece per member");
    }
}
