package dev.shmc.kernels.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernels of this module; shmc-nd4j's tests check that its kernel joins them as a provided one. */
class PiKernelsTest {
    @Test
    void shouldListScalarAndVectorWhenNoOtherModuleProvidesAKernel() {
        assertEquals(List.of("scalar", "vector"), PiKernels.names());
        for (final String name : PiKernels.names()) {
            assertEquals(name, PiKernels.of(name).name());
        }
    }

    @Test
    void shouldDefaultToTheVectorKernel() {
        assertSame(PiKernels.of("vector"), PiKernels.fastest());
    }

    @Test
    void shouldMarkScalarAndVectorReproducible() {
        assertTrue(PiKernels.of("scalar").reproducible());
        assertTrue(PiKernels.of("vector").reproducible());
    }

    @Test
    void shouldRejectUnknownNamesWithTheChoices() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PiKernels.of("gpu"));
        assertEquals("unknown kernel 'gpu': use scalar or vector", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PiKernels.of(null));
        final IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> PiKernels.of("nd4j"));
        assertTrue(n.getMessage().contains("the nd4j kernel is in the shmc-nd4j module, which is not on the classpath"), n.getMessage());
    }
}
