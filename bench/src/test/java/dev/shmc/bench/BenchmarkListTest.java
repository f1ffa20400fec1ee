package dev.shmc.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JMH's annotation processor ran: the benchmark list names every microbenchmark. */
class BenchmarkListTest {
    @Test
    void shouldListEveryMicrobenchmarkInTheGeneratedBenchmarkList() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList missing: JMH's annotation processor did not run");
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String b : new String[] {"SharedFlagLatencyBenchmark_roundTripBetweenJvms", "SharedCounterBenchmark_sharedGetAndAddContended",
                    "SharedLockBenchmark_sharedLockUncontended", "SliceReduceBenchmark_sharedSliceSum", "PiKernelBenchmark_countInside",
                    "SieveSegmentBenchmark_countSegments"}) {
                assertTrue(list.contains("jmh_generated." + b + "_jmhTest"), b + " in the benchmark list");
            }
        }
    }
}
