package dev.shmc.nd4j;

import dev.shmc.shm.support.PackageCycles;
import org.junit.jupiter.api.Test;

/** No two packages of the nd4j module use each other, directly or round a longer cycle. */
class PackageGraphTest {
    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("dev.shmc.nd4j");
    }
}
