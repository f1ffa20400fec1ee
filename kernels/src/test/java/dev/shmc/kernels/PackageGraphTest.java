package dev.shmc.kernels;

import dev.shmc.shm.support.PackageCycles;
import org.junit.jupiter.api.Test;

/** No two packages of the kernels module use each other, directly or round a longer cycle. */
class PackageGraphTest {
    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("dev.shmc.kernels");
    }
}
