package dev.shmc.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.bench.harness.Machine;
import dev.shmc.kernels.primes.CacheSizes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPU line of a bench summary: family and model, widest vectors, caches, from /proc/cpuinfo's text and sysfs's caches. */
class MachineTest {
    private static final List<CacheSizes.Cache> CACHES = List.of(new CacheSizes.Cache(1, "Data", 32 << 10),
            new CacheSizes.Cache(1, "Instruction", 32 << 10), new CacheSizes.Cache(2, "Unified", 1 << 20), new CacheSizes.Cache(3, "Unified", 32 << 20));

    private static List<String> cpuinfo(String flags, String model) {
        return List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25", "model\t\t: " + model, "model name\t: AMD EPYC",
                "flags\t\t: " + flags, "", "processor\t: 1", "cpu family\t: 99", "model\t\t: 99", "flags\t\t: fpu avx512f", "");
    }

    @Test
    void shouldNameTheFirstCpusFamilyModelVectorsAndCaches() {
        assertEquals("family 25, model 17; AVX-512 (512-bit vectors); L1d 32 KiB, L1i 32 KiB, L2 1 MiB, L3 32 MiB",
                Machine.cpuDetail(cpuinfo("fpu sse2 avx2 avx512f avx512dq avx512vl", "17"), CACHES));
        assertEquals("family 25, model 1; AVX2 (256-bit vectors), no AVX-512; L1d 32 KiB, L1i 32 KiB, L2 1 MiB, L3 32 MiB",
                Machine.cpuDetail(cpuinfo("fpu sse2 avx2 avx512_bf16x", "1"), CACHES));
        assertEquals("family 25, model 1; no AVX2 (128-bit vectors)", Machine.cpuDetail(cpuinfo("fpu sse2 avx", "1"), List.of()));
    }

    @Test
    void shouldLeaveOutWhatTheSystemDoesNotSay() {
        assertEquals("", Machine.cpuDetail(List.of(), List.of()));
        assertEquals("L2 512 KiB", Machine.cpuDetail(List.of("processor : 0"), List.of(new CacheSizes.Cache(2, "Unified", 512 << 10))));
    }

    @Test
    void shouldDescribeThisMachine() {
        Machine m = Machine.describe();
        // a Linux machine with /proc and sysfs, as every machine this project runs on
        assertTrue(m.cpuDetail().matches("family \\d+, model \\d+; .*vectors.*; L1d \\d+ KiB.*"), m.cpuDetail());
    }
}
