package dev.shmc.shm;

import dev.shmc.shm.support.PackageCycles;
import org.junit.jupiter.api.Test;

/** No two packages of the shm module use each other, directly or round a longer cycle. */
class PackageGraphTest {
    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("dev.shmc.shm");
    }
}
