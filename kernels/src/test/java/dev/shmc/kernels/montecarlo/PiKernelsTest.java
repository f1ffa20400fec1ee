package dev.shmc.kernels.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PiKernelsTest {
    @Test
    void shouldListScalarVectorAndNd4j() {
        assertEquals(List.of("scalar", "vector", "nd4j"), PiKernels.names());
        for (final String name : PiKernels.names()) {
            assertEquals(name, PiKernels.of(name).name());
        }
    }

    @Test
    void shouldDefaultToTheVectorKernel() {
        assertSame(PiKernels.of("vector"), PiKernels.fastest());
    }

    @Test
    void shouldMarkOnlyNd4jAsNotReproducible() {
        assertTrue(PiKernels.of("scalar").reproducible());
        assertTrue(PiKernels.of("vector").reproducible());
        assertFalse(PiKernels.of("nd4j").reproducible());
    }

    @Test
    void shouldRejectUnknownNamesWithTheChoices() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PiKernels.of("gpu"));
        assertEquals("unknown kernel 'gpu': use scalar, vector or nd4j", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PiKernels.of(null));
    }
}
