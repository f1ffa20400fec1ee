package dev.shmc.nd4j;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.Regions;
import dev.shmc.kernels.arrays.ArrayFill;
import dev.shmc.kernels.arrays.ArrayReduce;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.ndarray.INDArray;

@Timeout(120)
class Nd4jViewsTest {
    private static final long N = 10_000;
    private final String name = "nd4j-view-test-" + Processes.selfPid() + "-" + System.nanoTime();
    private SharedDoubleArray array;

    @BeforeEach
    void create() {
        array = SharedDoubleArray.create(name, N);
    }

    @AfterEach
    void remove() {
        array.close();
        assertFalse(Files.exists(Regions.directory().resolve(name + ".region")), "region left behind");
    }

    @Test
    void shouldSeeWritesThroughNd4jInSharedMemory() {
        INDArray view = Nd4jViews.view(array, 1000, 2000);
        assertEquals(array.segment().address() + 1000 * 8, view.data().address(), "the view must be the shared memory itself");
        assertEquals(1000, view.length());
        view.assign(3.0);
        view.putScalar(10, -1.5);
        view.muli(2.0);
        assertEquals(0.0, array.get(999));
        assertEquals(6.0, array.get(1000));
        assertEquals(-3.0, array.get(1010));
        assertEquals(6.0, array.get(1999));
        assertEquals(0.0, array.get(2000));
        assertEquals(999 * 6.0 - 3.0, ArrayReduce.sum(array.segment(), 0, N));
    }

    @Test
    void shouldSeeWritesThroughShmInNd4j() {
        ArrayFill.index(array.segment(), 0, N, 1, 0);
        INDArray view = Nd4jViews.view(array);
        assertEquals(N, view.length());
        assertEquals(N * (N - 1) / 2.0, view.sumNumber().doubleValue());
        assertEquals(N - 1.0, view.maxNumber().doubleValue());
        array.set(5, 123.25);
        assertEquals(123.25, view.getDouble(5L));
        INDArray slice = Nd4jViews.view(array, 5, 10);
        assertEquals(123.25, slice.getDouble(0L));
        assertEquals(9.0, slice.getDouble(4L));
        assertEquals(ArrayReduce.dot(array.segment(), array.segment(), 0, N), view.mul(view).sumNumber().doubleValue(), 1e-6 * N * N * N);
    }
}
