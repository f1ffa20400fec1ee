package dev.shmc.engine;

import dev.shmc.shm.support.PackageCycles;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** No two packages of the engine module use each other, directly or round a longer cycle. */
class PackageGraphTest {
    @Test
    @Disabled("issue #15: engine.api <-> engine.coordinator <-> engine.worker; enable with the split of the coordinator")
    void shouldHaveNoCycleBetweenPackages() {
        PackageCycles.assertNone("dev.shmc.engine");
    }
}
