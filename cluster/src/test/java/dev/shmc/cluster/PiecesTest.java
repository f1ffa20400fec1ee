package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pieces cover the range exactly, in order, none empty, each a whole number of chunks but the last. */
class PiecesTest {
    @Test
    void shouldCoverRandomRangesWithWholeChunkPieces() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 10_000; i++) {
            long from = rnd.nextLong(1L << 40);
            long units = rnd.nextInt(4) == 0 ? rnd.nextLong(50) : rnd.nextLong(1L << 36);
            long chunk = rnd.nextBoolean() ? 0 : 1 + rnd.nextLong(1 + units / 3);
            int members = 1 + rnd.nextInt(9);
            long[] b = Pieces.cut(from, from + units, chunk, members);
            assertEquals(from, b[0]);
            assertEquals(from + units, b[b.length - 1]);
            assertTrue(b.length - 1 <= (long) members * ClusterConfig.PIECES_PER_MEMBER, "pieces " + (b.length - 1));
            for (int p = 0; p + 1 < b.length; p++) {
                assertTrue(b[p + 1] > b[p], "empty piece");
                if (chunk > 0 && p + 2 < b.length) {
                    assertEquals(0, (b[p + 1] - b[p]) % chunk, "piece of whole chunks");
                }
            }
        }
    }

    @Test
    void shouldCutMorePiecesThanMembers() {
        assertEquals(3 * ClusterConfig.PIECES_PER_MEMBER, Pieces.cut(0, 1_000_000, 0, 3).length - 1);
        assertEquals(0, Pieces.cut(5, 5, 0, 3).length - 1);
        assertEquals(2, Pieces.cut(0, 2, 0, 3).length - 1);
    }
}
