package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.shmc.engine.api.ChunkGrid;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.jobs.PiJobKernel;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A piece's answer through Hazelcast's serialization as the submitter reads it: every chunk's
 * result arrives as sent, and a shape that does not add up, or more words than one job's chunk
 * results may have, is refused while it is read, before the words are allocated.
 */
class PieceResultWireTest {
    private static final InternalSerializationService WIRE = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(Wire.FACTORY_ID, new Wire()).build();

    @AfterAll
    static void dispose() {
        WIRE.dispose();
    }

    private static PieceTask task() {
        JobSpec spec = PiJobKernel.spec(1L << 30, 9, "scalar");
        return new PieceTask("job-1", 2, 1, spec, 100, 300, 600);
    }

    @Test
    void shouldCarryEachChunksResultAndWhichChunksHaveOne() {
        // chunks 0 and 2 of 3 have results of 2 words; chunk 1 was not done when the piece stopped
        PieceResult sent = new PieceResult(task(), PieceResult.Outcome.CANCELLED, 2, 3, new long[] {0b101}, new long[] {1, 2, 5, 6}, 0.25, null);
        PieceResult r = WIRE.toObject(WIRE.toData(sent));
        assertEquals(PieceResult.Outcome.CANCELLED, r.outcome);
        assertEquals(2, r.piece);
        assertEquals(300, r.units);
        assertEquals(2, r.resultWords);
        assertEquals(3, r.chunks);
        assertTrue(r.includes(0) && !r.includes(1) && r.includes(2) && !r.includes(3));
        assertEquals(2, r.includedChunks());
        assertArrayEquals(new long[] {1, 2, 5, 6}, r.words);
        assertTrue(r.seal.sameNonce(sent.seal));
    }

    @Test
    void shouldRefuseMoreChunksThanAJobMayHave() {
        assertRefused(forged(1, EngineConfig.CHUNK_CAPACITY + 1, new long[(EngineConfig.CHUNK_CAPACITY + 64) / 64], new long[0]),
                "chunks of 1 words");
    }

    @Test
    void shouldRefuseChunksBeyondTheCount() {
        assertRefused(forged(1, 2, new long[] {0b100}, new long[] {7}), "beyond its 2");
    }

    @Test
    void shouldRefuseAWordCountThatDoesNotFollowFromTheShape() {
        assertRefused(forged(1, 2, new long[] {0b11}, new long[] {7}), "an array of 1 words where 2 belong");
        assertRefused(forged(1, 200, new long[] {-1L}, new long[0]), "an array of 1 words where 4 belong");
    }

    @Test
    void shouldRefuseMoreResultWordsThanOneJobsChunksMayHoldBeforeReadingThem() {
        int words = 1_000_000;
        long most = ChunkGrid.maxChunks(words, EngineConfig.CHUNK_CAPACITY);
        assertTrue(most < 64, "a million-word result has few chunks: " + most);
        // sent without its 64 million words: the reader refuses it on the shape alone
        assertRefused(forged(words, 64, new long[] {-1L}, new long[0]), "more than one job may have");
    }

    /** A piece result of any shape, as a sender that does not follow the format may send it. */
    private static PieceResult forged(int resultWords, int chunks, long[] included, long[] words) {
        return new PieceResult(task(), PieceResult.Outcome.COMPLETED, resultWords, chunks, included, words, 0.1, null);
    }

    private static void assertRefused(PieceResult forged, String why) {
        HazelcastSerializationException e = assertThrows(HazelcastSerializationException.class, () -> WIRE.toObject(WIRE.toData(forged)));
        Throwable t = e;
        while (t != null && !(t instanceof IOException)) {
            t = t.getCause();
        }
        assertNotNull(t, "refused for another reason: " + e);
        assertTrue(t.getMessage().contains(why), t.getMessage());
    }
}
