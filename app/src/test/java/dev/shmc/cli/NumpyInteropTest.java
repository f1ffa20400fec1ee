package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shmc.engine.TempRegionDirectory;
import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.array.SharedIntArray;
import dev.shmc.shm.array.SharedLongArray;
import dev.shmc.shm.region.RegionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * numpy and shmc on the same files, both ways: real Python processes (python3 with numpy, the
 * module in {@code python/shmc}) next to this JVM and its worker JVMs, in this test's region
 * directory ({@code SHMC_DIR} for Python). Also runs the Python module's own tests. Skipped only
 * where no python3 with numpy is found ({@code .ci/run} installs Debian's python3-numpy then).
 */
@Tag("slow")
@Timeout(300)
class NumpyInteropTest extends TempRegionDirectory {
    private static String python;
    private static Path pythonDir;

    @BeforeAll
    static void findPythonWithNumpy() throws Exception {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (here != null && !Files.isRegularFile(here.resolve("python/shmc/__init__.py"))) {
            here = here.getParent();
        }
        assumeTrue(here != null, "no python/shmc in the checkout");
        pythonDir = here.resolve("python");
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import numpy").redirectErrorStream(true).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    return;
                }
            } catch (IOException notThere) {
                // the next one
            }
        }
        assumeTrue(false, "no python3 with numpy (apt-get install python3-numpy)");
    }

    @AfterEach
    void nothingLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "regions left behind");
        }
    }

    /** Runs {@code code} in Python with the module and {@code SHMC_DIR} set; returns its stdout, failing with its output on a non-zero exit. */
    private String python(String code) throws Exception {
        ProcessBuilder b = new ProcessBuilder(python, "-c", code).redirectErrorStream(true);
        b.environment().put("PYTHONPATH", pythonDir.toString());
        b.environment().put("SHMC_DIR", dir.toString());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python ended");
        assertEquals(0, p.exitValue(), () -> "python failed:\n" + code + "\n" + out);
        return out.strip();
    }

    @Test
    void shouldPassThePythonModulesOwnTests() throws Exception {
        ProcessBuilder b = new ProcessBuilder(python, "-m", "unittest", "discover", "-s", pythonDir.resolve("tests").toString())
                .redirectErrorStream(true);
        b.environment().put("PYTHONPATH", pythonDir.toString());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the Python tests ended");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OK"), out);
    }

    @Test
    void shouldLetNumpyReadAndWriteAnArrayShmcMade() throws Exception {
        try (SharedDoubleArray a = SharedDoubleArray.create("from-java", 100_000)) {
            for (long i = 0; i < a.length(); i++) {
                a.set(i, i);
            }
            String out = python("import numpy as np, shmc\n"
                    + "a = np.load(shmc.path('from-java'), mmap_mode='r+')\n"
                    + "assert a.dtype == np.float64 and a.shape == (100000,), (a.dtype, a.shape)\n"
                    + "a[5] = -1.0\n"
                    + "b = shmc.attach('from-java')\n"
                    + "b[6] = -2.0\n"
                    + "print(repr(float(a.sum())))");
            // both writes (through np.load's mapping and through shmc.attach's) are in the one array numpy sums
            assertEquals(100_000.0 * 99_999 / 2 - 5 - 1 - 6 - 2, Double.parseDouble(out), out);
            assertEquals(-1.0, a.get(5), "numpy's write is in shmc's memory");
            assertEquals(-2.0, a.get(6));
        }
    }

    @Test
    void shouldReduceAndMapAnArrayPythonMadeOnWorkerJvms() throws Exception {
        python("import numpy as np, shmc\n"
                + "a = shmc.create('from-python', (500, 400), keep=True)\n"
                + "a[:] = np.arange(200000.0).reshape(500, 400)\n");
        CliRunner.Run sum = run("array", "--attach", "from-python", "--ops", "sum,max,scale", "--alpha", "2", "--workers", "2", "--json");
        assertEquals(0, sum.code(), sum.err());
        JsonNode results = sum.json().get("results");
        assertEquals(200_000.0 * 199_999 / 2, results.get("sum").asDouble(), sum.out());
        assertEquals(199_999.0, results.get("max").asDouble(), sum.out());
        String check = python("import numpy as np, shmc\n"
                + "a = shmc.attach('from-python')\n"
                + "assert a.shape == (500, 400), a.shape\n"
                + "print(bool((a == 2 * np.arange(200000.0).reshape(500, 400)).all()))\n"
                + "shmc.remove('from-python')");
        assertEquals("True", check, "the workers' scale, in place, seen by numpy");
    }

    @Test
    void shouldAttachIntegerArraysPythonMade() throws Exception {
        python("import numpy as np, shmc\n"
                + "l = shmc.create('longs', (4, 5), 'int64', keep=True); l[:] = -np.arange(20).reshape(4, 5) * (1 << 40)\n"
                + "i = shmc.create('ints', 7, 'int32', keep=True); i[:] = np.arange(7) - 3\n");
        try (SharedLongArray l = SharedLongArray.attach("longs"); SharedIntArray i = SharedIntArray.attach("ints")) {
            assertEquals(20, l.length());
            assertEquals(-19L << 40, l.get(19));
            assertEquals(7, i.length());
            assertEquals(-3, i.get(0));
            assertEquals(3, i.get(6));
            RegionException wrongType = assertThrows(RegionException.class, () -> SharedDoubleArray.attach("ints"));
            assertTrue(wrongType.getMessage().contains("not a double array"), wrongType.getMessage());
            l.region().delete();
            i.region().delete();
        }
    }

    @Test
    void shouldRefuseATruncatedArrayPythonMade() throws Exception {
        python("import os, shmc\n"
                + "shmc.create('cut', 10000, keep=True)\n"
                + "p = shmc.path('cut'); os.truncate(p, os.path.getsize(p) - 4096)");
        RegionException e = assertThrows(RegionException.class, () -> SharedDoubleArray.attach("cut"));
        assertEquals(RegionException.Reason.BAD_FILE, e.reason(), e.getMessage());
        CliRunner.Run attach = run("array", "--attach", "cut", "--json");
        assertEquals(2, attach.code(), attach.out());
        List<String> lines = new ArrayList<>(attach.err().lines().toList());
        assertEquals(1, lines.size(), attach.err());
        Files.delete(dir.resolve("cut.region"));
    }

    /** A Python creator is a creator: its array is left alone while it lives, and reclaimed once it was SIGKILLed. */
    @Test
    void shouldLeaveAnArrayOfALivePythonProcessAloneAndReclaimItOnceItIsKilled() throws Exception {
        ProcessBuilder b = new ProcessBuilder(python, "-c", "import shmc, sys, time\n"
                + "a = shmc.create('py-live', 1000)\nprint('ready', flush=True)\ntime.sleep(120)").redirectErrorStream(true);
        b.environment().put("PYTHONPATH", pythonDir.toString());
        b.environment().put("SHMC_DIR", dir.toString());
        Process p = b.start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("ready", first);
            CliRunner.Run alive = run("clean", "--json");
            assertEquals(0, alive.json().get("removed").asInt(), alive.out());
            assertTrue(Files.exists(dir.resolve("py-live.region")), "a live creator's array stays");
            p.destroyForcibly(); // SIGKILL: no atexit
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.exists(dir.resolve("py-live.region")), "a killed process removes nothing itself");
            CliRunner.Run dead = run("clean", "--json");
            assertEquals(1, dead.json().get("removed").asInt(), dead.out());
        } finally {
            p.destroyForcibly();
        }
    }
}
