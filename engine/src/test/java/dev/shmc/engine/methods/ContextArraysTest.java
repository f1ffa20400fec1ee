package dev.shmc.engine.methods;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.TempRegionDirectory;
import dev.shmc.engine.TestFiles;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.shm.array.SharedBitSet;
import dev.shmc.shm.array.SharedIntArray;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every shared array type by name in the kernel's context: int arrays and bit sets besides double and long arrays. */
@Tag("slow")
@Timeout(120)
class ContextArraysTest extends TempRegionDirectory {
    private static final long N = 100_003;

    /** Sums {@code ints[i]} over the chunk and sets bit i of {@code bits} where {@code ints[i]} is 0; two longs: the sum, the bits set. */
    static void sumAndMarkZeros(KernelContext ctx, long from, long to, Result out) {
        SharedIntArray ints = ctx.intArray(ctx.params().getString("ints"));
        SharedBitSet bits = ctx.bitSet(ctx.params().getString("bits"));
        long sum = 0;
        long zeros = 0;
        for (long i = from; i < to; i++) {
            int v = ints.get(i);
            sum += v;
            if (v == 0) {
                bits.set(i); // idempotent: a chunk computed again sets the same bits
                zeros++;
            }
        }
        out.setLong(0, sum);
        out.setLong(1, zeros);
    }

    @Test
    void shouldAttachIntArraysAndBitSetsByNameInWorkerJvms() {
        String prefix = "context-arrays-" + Processes.selfPid();
        long expectedSum = 0;
        long expectedZeros = 0;
        try (SharedIntArray ints = SharedIntArray.create(prefix + "-ints", N); SharedBitSet bits = SharedBitSet.create(prefix + "-bits", N);
             Engine e = Engine.builder().mode(Mode.PROCESSES).workers(2).directory(dir).build()) {
            for (long i = 0; i < N; i++) {
                ints.set(i, (int) (i % 7) - 1);
                expectedSum += (i % 7) - 1;
                expectedZeros += i % 7 == 1 ? 1 : 0;
            }
            JobSpec spec = JobSpec.builder(ResultLayout.longs(2), ContextArraysTest::sumAndMarkZeros).units(N)
                    .param("ints", ints.region().name()).param("bits", bits.region().name()).build();
            JobResult r = e.run(spec);
            assertEquals(expectedSum, r.word(0));
            assertEquals(expectedZeros, r.word(1));
            for (long i = 0; i < N; i++) {
                assertEquals(i % 7 == 1, bits.get(i), "bit " + i);
            }

            JobSpec wrongType = JobSpec.builder(ResultLayout.longs(2), ContextArraysTest::sumAndMarkZeros).units(N)
                    .param("ints", bits.region().name()).param("bits", bits.region().name()).build();
            JobFailedException x = assertThrows(JobFailedException.class, () -> e.run(wrongType));
            assertTrue(x.getMessage().contains("is not a int array"), x.getMessage());
        }
        try (var files = TestFiles.list(Regions.directory())) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList(), "arrays left behind");
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
