package dev.shmc.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.bench.harness.Anchors;
import dev.shmc.bench.harness.SuiteResult;
import dev.shmc.bench.harness.Summary;
import dev.shmc.bench.harness.Headline;
import dev.shmc.bench.harness.Stats;
import dev.shmc.bench.harness.Table;
import dev.shmc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench command's input checks, the anchors parser, statistics and CSV writing, without running a suite. */
class BenchCommandTest {
    @TempDir
    Path dir;

    private static int run(StringWriter err, String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    @Test
    void shouldRejectAnUnknownSuiteWithExitCode2AndOneLine() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "nosuch", "--out", dir.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("unknown suite"), err.toString());
    }

    @Test
    void shouldRefuseAResultsDirectoryInDevShm() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "queue", "--tiny", "--out", "/dev/shm/shmc-bench-results"));
        assertTrue(err.toString().contains("/dev/shm"), err.toString());
        assertFalse(Files.exists(Path.of("/dev/shm/shmc-bench-results")));
    }

    @Test
    void shouldListTheSuitesInHelp() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.execute(new String[] {"bench", "--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
        for (String s : new String[] {"dispatch", "ipc", "modes", "chunks", "flags", "queue", "cluster", "all", "--anchors", "--quick", "--out"}) {
            assertTrue(out.toString().contains(s), s + " in " + out);
        }
    }

    @Test
    void shouldParseEveryFigureOfTheAnchorsScript() {
        Anchors a = Anchors.parse(List.of(
                "c-xoshiro workers=1 samples=1000000000 pi=3.141559 seconds=2.100 rate=476.2 Msamples/s",
                "c-xoshiro workers=2 samples=1000000000 pi=3.141559 seconds=1.100 rate=909.1 Msamples/s",
                "c-avx2-xoshiro workers=1 samples=1000000000 pi=3.141600 seconds=0.900 rate=1111.1 Msamples/s",
                "c-avx2-xoshiro workers=2 samples=1000000000 pi=3.141600 seconds=0.500 rate=2000.0 Msamples/s",
                "c-simd8-xoshiro workers=1 samples=1000000000 pi=3.141600 seconds=0.600 rate=1616.0 Msamples/s",
                "c-bandwidth threads=1 bytes=1600000000 sum=200000000 best=11.50 GB/s",
                "c-bandwidth threads=2 bytes=1600000000 sum=200000000 best=18.25 GB/s",
                "primesieve count<=1e10 threads=1 seconds=1.95",
                "primesieve count<=1e10 threads=2 seconds=1.02",
                "numpy procs=2 pi=3.141600 time=1.234s rate=162.1 M samples/s pcg64",
                "numpy procs=2 pi=3.141600 time=2.468s rate=81.0 M samples/s legacy",
                "copy-based (pickle via pipe) 2 workers: 1.234s sum=100000000  eff 0.65 GB/s",
                "shared_memory 2 workers: 0.123s sum=100000000 eff 6.50 GB/s"), "ok");
        assertEquals(476.2, a.get("c-xoshiro.w1.rate").orElseThrow());
        assertEquals(2000.0, a.get("c-avx2.w2.rate").orElseThrow());
        assertEquals(1616.0, a.get("c-simd8.w1.rate").orElseThrow(), "mc-simd.c at 8 lanes");
        assertEquals(2, a.get("numpy.pcg64.procs").orElseThrow());
        assertEquals(18.25, a.get("c-bandwidth.t2.gbps").orElseThrow());
        assertEquals(1.02, a.get("primesieve.t2.seconds").orElseThrow());
        assertEquals(1e10, a.get("primesieve.limit").orElseThrow());
        assertEquals(162.1, a.get("numpy.pcg64.rate").orElseThrow());
        assertEquals(81.0, a.get("numpy.legacy.rate").orElseThrow());
        assertEquals(0.65, a.get("numpy.copy.gbps").orElseThrow());
        assertEquals(6.5, a.get("numpy.shm.gbps").orElseThrow());
        assertTrue(a.get("nothing").isEmpty());
    }

    @Test
    void shouldSayForEachGoalWhetherTheRunMetItOrWhatIsLeft() {
        SuiteResult r = new SuiteResult("modes", "t", "d");
        r.headline(Headline.of("modes", "sieve", 1.5, "s", "lower", 0).against("primesieve", 1.0)
                .withGoal(new Headline.Goal("within 1.3x primesieve", 1.3, true, true)));
        r.headline(Headline.of("modes", "nd4j", 120, "Msamples/s", "higher", 0).against("NumPy", 100)
                .withGoal(new Headline.Goal("at least NumPy", 1.0, false, true)));
        r.headline(Headline.of("flags", "overhead", 0.5, "%", "lower", 0).withGoal(new Headline.Goal("at most 2 %", 2.0, true, false)));
        r.headline(Headline.of("modes", "vector", 900, "Msamples/s", "higher", 0).withGoal(new Headline.Goal("at least C", 1.0, false, true)));
        // where the gap lies, said only when there is one
        r.headline(Headline.of("modes", "sieve near 1e15", 1.6, "s", "lower", 0).against("primesieve", 1.0)
                .withGoal(new Headline.Goal("within 1.5x", 1.5, true, true).left("medium primes 1.8x")));
        r.headline(Headline.of("modes", "sieve near 1e15, 2", 1.4, "s", "lower", 0).against("primesieve", 1.0)
                .withGoal(new Headline.Goal("within 1.5x", 1.5, true, true).left("medium primes 1.8x")));
        // a gap smaller than the figure's spread
        r.headline(Headline.of("modes", "vector, 2", 980, "Msamples/s", "higher", 0.04).against("C", 1000)
                .withGoal(new Headline.Goal("at least C", 1.0, false, true)));
        r.headline(Headline.of("modes", "vector, 3", 900, "Msamples/s", "higher", 0.04).against("C", 1000)
                .withGoal(new Headline.Goal("at least C", 1.0, false, true)));
        List<List<Object>> rows = Summary.goalTable(List.of(r)).rows();
        assertEquals(8, rows.size());
        assertEquals("left: 1.60 against at most 1.50; medium primes 1.8x", rows.get(4).get(3));
        assertEquals("met", rows.get(5).get(3));
        assertEquals("left: 0.98 against at least 1.00, within this run's spread of 4%", rows.get(6).get(3));
        assertEquals("left: 0.90 against at least 1.00", rows.get(7).get(3));
        assertTrue(rows.get(0).get(3).toString().startsWith("left: 1.50 against at most 1.30"), rows.get(0).toString());
        assertEquals("met", rows.get(1).get(3));
        assertEquals("met", rows.get(2).get(3));
        assertTrue(rows.get(3).get(3).toString().startsWith("not measured"), rows.get(3).toString());
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        Stats s = Stats.of(v);
        assertEquals(50, s.median());
        assertEquals(90, s.percentile(90));
        assertEquals(99, s.percentile(99));
        assertEquals(1, s.min());
        assertEquals(100, s.max());
    }

    @Test
    void shouldQuoteCsvCellsThatNeedIt() throws IOException {
        Table t = new Table("t", "name", "value", "note");
        t.add("a, b", 1.5, "say \"hi\"");
        t.add("c", null, 3L);
        List<List<String>> rows = Csv.parse(Files.readString(t.writeCsv(dir)));
        assertEquals(List.of("name", "value", "note"), rows.get(0));
        assertEquals(List.of("a, b", "1.5", "say \"hi\""), rows.get(1));
        assertEquals(List.of("c", "", "3"), rows.get(2));
    }
}
