package dev.shmc.engine.jobs;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.ArrayFillKernel.Fill;
import dev.shmc.engine.jobs.ArrayReduceKernel.Op;
import dev.shmc.kernels.arrays.ArrayFill;
import dev.shmc.kernels.arrays.ArrayReduce;
import dev.shmc.kernels.arrays.ArraysConfig;
import dev.shmc.kernels.arrays.CompensatedSum;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The array jobs on real worker JVMs: fills and reductions that do not depend on the number of workers. */
@Tag("slow")
@Timeout(180)
class ArrayKernelsTest {
    /** A small chunk grid, so that a small array still has many chunks to share out. */
    private static final long CHUNK = 4L * ArraysConfig.REDUCE_BLOCK;
    private static final long N = 37 * CHUNK + 1234;

    @TempDir
    Path dir;

    private final List<SharedDoubleArray> arrays = new ArrayList<>();
    private final String prefix = "array-kernels-test-" + Processes.selfPid() + "-" + System.nanoTime();

    @AfterEach
    void removeArrays() {
        for (SharedDoubleArray a : arrays) {
            a.close();
        }
        try (var files = dev.shmc.engine.TestFiles.list(Regions.directory())) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList(), "arrays left behind");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private SharedDoubleArray array(String suffix, long n) {
        SharedDoubleArray a = SharedDoubleArray.create(prefix + "-" + suffix, n);
        arrays.add(a);
        return a;
    }

    private Engine engine(Mode mode, int workers) {
        return Engine.builder().mode(mode).workers(workers).directory(dir).build();
    }

    private static String name(SharedDoubleArray a) {
        return a.region().name();
    }

    /** Fills x (random, seed 7) and y (index) and returns the raw result words of sum, dot, min, max. */
    private static long[][] fillAndReduce(Engine e, SharedDoubleArray x, SharedDoubleArray y) {
        JobResult fx = e.run(withChunk(ArrayFillKernel.spec(name(x), N, Fill.RANDOM, 1, 0, 7)));
        JobResult fy = e.run(withChunk(ArrayFillKernel.spec(name(y), N, Fill.INDEX, -0.5, 3, 0)));
        assertEquals(N, fx.word(0));
        assertEquals(N, fy.word(0));
        long[][] words = new long[4][];
        int i = 0;
        for (Op op : Op.values()) {
            JobResult r = e.run(ArrayReduceKernel.spec(name(x), op == Op.DOT ? name(y) : null, N, op, CHUNK));
            assertEquals(JobStatus.COMPLETED, r.status());
            assertTrue(r.chunks() > 30, "chunks " + r.chunks());
            words[i++] = r.words();
        }
        return words;
    }

    private static dev.shmc.engine.api.JobSpec withChunk(dev.shmc.engine.api.JobSpec spec) {
        dev.shmc.engine.api.JobSpec.Builder b = dev.shmc.engine.api.JobSpec.builder(spec.kernelClass()).units(spec.from(), spec.to())
                .seed(spec.seed()).schedule(spec.schedule());
        spec.params().asMap().forEach(b::param);
        return b.param("chunk", CHUNK).build();
    }

    @Test
    void shouldFillAndReduceToTheSameBitsWithOneAndTwoWorkerJvms() {
        SharedDoubleArray x1 = array("x1", N);
        SharedDoubleArray y1 = array("y1", N);
        SharedDoubleArray x2 = array("x2", N);
        SharedDoubleArray y2 = array("y2", N);
        long[][] one;
        long[][] two;
        try (Engine e = engine(Mode.PROCESSES, 1)) {
            one = fillAndReduce(e, x1, y1);
        }
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            two = fillAndReduce(e, x2, y2);
        }
        assertEquals(-1, x1.segment().mismatch(x2.segment()), "the random fill differs");
        assertEquals(-1, y1.segment().mismatch(y2.segment()), "the index fill differs");
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(one[i], two[i], Op.values()[i] + " differs between 1 and 2 workers");
        }
        // and both equal the kernels run in this JVM over the same chunk grid, combined in order
        CompensatedSum sum = new CompensatedSum();
        CompensatedSum dot = new CompensatedSum();
        for (long from = 0; from < N; from += CHUNK) {
            long to = Math.min(N, from + CHUNK);
            CompensatedSum s = new CompensatedSum();
            ArrayReduce.sum(x1.segment(), from, to, s);
            sum.add(s.hi(), s.lo());
            CompensatedSum d = new CompensatedSum();
            ArrayReduce.dot(x1.segment(), y1.segment(), from, to, d);
            dot.add(d.hi(), d.lo());
        }
        assertEquals(sum.hi(), Double.longBitsToDouble(one[0][ArrayReduceKernel.SUM_HI]));
        assertEquals(sum.lo(), Double.longBitsToDouble(one[0][ArrayReduceKernel.SUM_LO]));
        assertEquals(dot.value(), Double.longBitsToDouble(one[1][0]) + Double.longBitsToDouble(one[1][1]));
        assertEquals(ArrayReduce.min(x1.segment(), 0, N), Double.longBitsToDouble(one[2][ArrayReduceKernel.MIN]));
        assertEquals(ArrayReduce.max(x1.segment(), 0, N), Double.longBitsToDouble(one[3][ArrayReduceKernel.MAX]));
        assertEquals(ArrayFill.randomAt(7, N - 1), x1.get(N - 1));
        assertEquals(-0.5 * (N - 1) + 3, y1.get(N - 1));
    }

    @Test
    void shouldSeeAnArrayRemovedAndMadeAgainUnderItsNameInTheNextJobOfTheSameWorkers() {
        String name = prefix + "-remade";
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            double first;
            try (SharedDoubleArray a = SharedDoubleArray.create(name, N)) {
                ArrayFill.index(a.segment(), 0, N, 1, 0);
                first = ArrayReduceKernel.value(Op.SUM, e.run(ArrayReduceKernel.spec(name, null, N, Op.SUM, CHUNK)));
            }
            // a new file of the same name: the workers must not go on with the old one's mapping
            try (SharedDoubleArray b = SharedDoubleArray.create(name, N)) {
                ArrayFill.index(b.segment(), 0, N, 2, 0);
                double second = ArrayReduceKernel.value(Op.SUM, e.run(ArrayReduceKernel.spec(name, null, N, Op.SUM, CHUNK)));
                assertEquals((double) N * (N - 1) / 2, first);
                assertEquals(2 * first, second, "the second job read the new array");
            }
        }
    }

    @Test
    void shouldUnmapAnArrayRemovedAfterItsJobOnceTheNextJobEnds() throws java.io.IOException {
        String name = prefix + "-removed";
        SharedDoubleArray other = array("other", N);
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            Path file;
            try (SharedDoubleArray a = SharedDoubleArray.create(name, N)) {
                file = a.region().path();
                e.run(ArrayReduceKernel.spec(name, null, N, Op.SUM, CHUNK));
            }
            e.run(ArrayReduceKernel.spec(name(other), null, N, Op.SUM, CHUNK));
            for (int w = 0; w < e.workers(); w++) {
                String maps = java.nio.file.Files.readString(Path.of("/proc", Long.toString(e.workerPid(w)), "maps"));
                assertFalse(maps.contains(file.toString()), "worker " + w + " still maps the removed array (its memory stays in use)");
                assertTrue(maps.contains(other.region().path().toString()), "worker " + w + " keeps the array it may use again");
            }
        }
    }

    @Test
    void shouldGiveTheSameSumWithThreadsAndProcesses() {
        SharedDoubleArray x = array("x", N);
        ArrayFill.random(x.segment(), 0, N, 11);
        double threads;
        double processes;
        try (Engine e = engine(Mode.THREADS, 2)) {
            threads = ArrayReduceKernel.value(Op.SUM, e.run(ArrayReduceKernel.spec(name(x), null, N, Op.SUM, CHUNK)));
        }
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            processes = ArrayReduceKernel.value(Op.SUM, e.run(ArrayReduceKernel.spec(name(x), null, N, Op.SUM, CHUNK)));
        }
        assertEquals(Double.doubleToRawLongBits(threads), Double.doubleToRawLongBits(processes));
    }

    @Test
    void shouldScaleAndAxpyInPlaceFromWorkerJvms() {
        SharedDoubleArray x = array("x", N);
        SharedDoubleArray y = array("y", N);
        ArrayFill.random(x.segment(), 0, N, 1);
        ArrayFill.index(y.segment(), 0, N, 1, 0);
        double[] before = x.segment().toArray(ValueLayout.JAVA_DOUBLE);
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            assertEquals(N, e.run(ArrayMapKernel.spec(ArrayMapKernel.Op.SCALE, 3.0, name(x), null, N)).word(0));
            assertEquals(N, e.run(ArrayMapKernel.spec(ArrayMapKernel.Op.AXPY, -2.0, name(x), name(y), N)).word(0));
        }
        for (int i = 0; i < N; i += 97) {
            assertEquals(3.0 * before[i], x.get(i), "x[" + i + "]");
            assertEquals(Math.fma(-2.0, 3.0 * before[i], i), y.get(i), "y[" + i + "]");
        }
    }
}
