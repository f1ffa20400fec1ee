package dev.shmc.engine.results;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.ChunkGrid;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.jobs.PiJobKernel;
import dev.shmc.engine.results.UserKernels.Moments;
import dev.shmc.engine.results.UserKernels.ResidueSums;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk grid is the one {@link ChunkGrid#of} chooses (what a cluster cuts too), and a job that
 * asks for them gets each chunk's raw result in chunk order, which folded from the identity give
 * its result.
 */
class ChunkResultsTest {
    @TempDir
    Path dir;

    /** Moments with a job-only hint of 1000-unit chunks. */
    public static final class HintedMoments implements Kernel {
        private final Moments moments = new Moments();

        @Override
        public ResultLayout resultLayout(Params params) {
            return moments.resultLayout(params);
        }

        @Override
        public void compute(KernelContext ctx, long from, long to, Result out) {
            moments.compute(ctx, from, to, out);
        }

        @Override
        public void combine(Result acc, Result part) {
            moments.combine(acc, part);
        }

        @Override
        public long defaultChunkSize(Params params, long units) {
            return 1000;
        }
    }

    private Engine engine() {
        return Engine.builder().mode(Mode.THREADS).workers(2).directory(dir).build();
    }

    @Test
    void shouldKeepEachChunksRawResultInChunkOrderWhenAsked() {
        long units = 100_003;
        try (Engine e = engine()) {
            JobResult r = e.run(JobSpec.builder(Moments.class).units(units).keepChunkResults().build());
            assertEquals(JobStatus.COMPLETED, r.status());
            ChunkGrid grid = ChunkGrid.of(JobSpec.builder(Moments.class).units(units).build(), new Moments(), 3, 2, EngineConfig.CHUNK_CAPACITY);
            List<long[]> chunks = r.chunkResults();
            assertEquals(grid.chunks(), chunks.size());
            Moments kernel = new Moments();
            Result acc = Result.of(r.layout());
            kernel.identity(acc);
            for (int c = 0; c < chunks.size(); c++) {
                Result alone = Result.of(r.layout());
                kernel.compute(null, grid.chunkFrom(c), grid.chunkTo(c), alone);
                assertArrayEquals(alone.raw(), chunks.get(c), "chunk " + c + " as its kernel computed it");
                kernel.combine(acc, new Result(r.layout(), chunks.get(c).clone()));
            }
            assertArrayEquals(r.words(), acc.raw(), "the chunks folded in order from the identity");

            assertEquals(List.of(), e.run(JobSpec.builder(Moments.class).units(units).build()).chunkResults(), "kept only when asked");
        }
    }

    @Test
    void shouldCutTheGridThatChunkGridChooses() {
        try (Engine e = engine()) {
            List<JobSpec> specs = List.of(JobSpec.builder(Moments.class).units(10, 100_000).build(),
                    JobSpec.builder(Moments.class).units(100_000).chunkSize(777).build(), JobSpec.builder(HintedMoments.class).units(100_000).build(),
                    JobSpec.builder(Moments.class).units(100).build(),
                    JobSpec.builder(ResidueSums.class).units(1_000_000).param("words", 100_000).build());
            for (JobSpec spec : specs) {
                Kernel kernel = Kernel.instantiate(spec.kernelClass());
                ChunkGrid grid = ChunkGrid.of(spec, kernel, kernel.resultLayout(spec.params()).words(), 2, EngineConfig.CHUNK_CAPACITY);
                assertEquals(grid.chunks(), e.run(spec).chunks(), spec.kernelClass() + " " + grid);
            }
        }
    }

    @Test
    void shouldChooseTheGridFromTheJobAlone() {
        JobSpec spec = JobSpec.builder(Moments.class).units(1_000_000).build();
        assertEquals(new ChunkGrid(0, 1_000_000, EngineConfig.defaultChunkSize(1_000_000)), ChunkGrid.of(spec, new Moments(), 3, 1, 1 << 16));
        assertEquals(ChunkGrid.of(spec, new Moments(), 3, 1, 1 << 16), ChunkGrid.of(spec, new Moments(), 3, 64, 1 << 16), "not the workers");
        assertEquals(1000, ChunkGrid.of(JobSpec.builder(HintedMoments.class).units(1_000_000).build(), new HintedMoments(), 3, 5, 1 << 16).chunkSize(),
                "the kernel's hint");
        assertEquals(1_000_000 / 100, ChunkGrid.of(spec, new Moments(), 3, 1, 100).chunkSize(), "at most the chunk capacity");
        long most = EngineConfig.maxChunksForResult(1_000_000);
        assertEquals((1_000_000 + most - 1) / most, ChunkGrid.of(spec, new Moments(), 1_000_000, 1, 1 << 16).chunkSize(), "at most the result memory");
        // only a kernel that overrides the worker-count hint is given the workers
        JobSpec pi = PiJobKernel.spec(64L * 65_536 * 1000, 1, "scalar");
        assertEquals(pi.units() / (16 * 4), ChunkGrid.of(pi, new PiJobKernel(), 1, 4, 1 << 16).chunkSize());
    }

    @Test
    void shouldCoverTheUnitsWithItsChunks() {
        ChunkGrid g = new ChunkGrid(5, 5 + 1003, 100);
        assertEquals(11, g.chunks());
        assertEquals(5, g.chunkFrom(0));
        long at = 5;
        for (long c = 0; c < g.chunks(); c++) {
            assertEquals(at, g.chunkFrom(c));
            at = g.chunkTo(c);
        }
        assertEquals(g.to(), at);
        assertEquals(0, new ChunkGrid(7, 7, 1).chunks());
        assertEquals(Long.MAX_VALUE, new ChunkGrid(Long.MAX_VALUE - 10, Long.MAX_VALUE, 8).chunkTo(1), "no overflow");
    }
}
