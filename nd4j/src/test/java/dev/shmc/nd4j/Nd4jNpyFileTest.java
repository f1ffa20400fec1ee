package dev.shmc.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shmc.kernels.arrays.ArrayFill;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.array.SharedLongArray;
import dev.shmc.shm.region.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J reads a shmc array region as the .npy file it is ({@code Nd4j.createFromNpyFile}): its type, shape and values. */
@Timeout(120)
class Nd4jNpyFileTest {
    private final String name = "nd4j-npy-test-" + Processes.selfPid() + "-" + System.nanoTime();

    @Test
    void shouldReadADoubleArrayRegionAsANpyFile() {
        long n = 5000;
        try (SharedDoubleArray array = SharedDoubleArray.create(name, n)) {
            ArrayFill.index(array.segment(), 0, n, 1, 0);
            array.set(17, -0.5);
            INDArray read = Nd4j.createFromNpyFile(array.region().path().toFile());
            assertEquals(DataType.DOUBLE, read.dataType());
            assertArrayEquals(new long[] {n}, read.shape());
            assertEquals(-0.5, read.getDouble(17L));
            assertEquals(n - 1.0, read.getDouble(n - 1));
            assertEquals(n * (n - 1) / 2.0 - 17 - 0.5, read.sumNumber().doubleValue());
        }
    }

    @Test
    void shouldReadALongArrayRegionAsANpyFile() {
        try (SharedLongArray array = SharedLongArray.create(name + "-l", 3)) {
            array.set(0, Long.MIN_VALUE);
            array.set(2, 1L << 40);
            INDArray read = Nd4j.createFromNpyFile(array.region().path().toFile());
            assertEquals(DataType.LONG, read.dataType());
            assertArrayEquals(new long[] {3}, read.shape());
            assertEquals(Long.MIN_VALUE, read.getLong(0));
            assertEquals(1L << 40, read.getLong(2));
        }
    }
}
