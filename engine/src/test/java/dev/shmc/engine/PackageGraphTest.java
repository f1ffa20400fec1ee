package dev.shmc.engine;

import dev.shmc.shm.support.PackageCycles;
import org.junit.jupiter.api.Test;

/** No two packages of the engine module use each other, directly or round a longer cycle. */
class PackageGraphTest {
    @Test
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("dev.shmc.engine");
    }
}
