package dev.shmc.engine.cli;

import static dev.shmc.engine.cli.CliRunner.run;

import dev.shmc.engine.cli.CliRunner.Run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CliTest {


    @ParameterizedTest
    @ValueSource(strings = {
            "pi --samples -5", "pi --samples 1e30", "pi --samples abc", "pi --samples 1.5", "pi --bogus",
            "pi --kernel nope --samples 10", "pi --workers 0 --samples 10", "pi --mode fork --samples 10",
            "primes --to 10 --from 20", "primes --to -1", "primes --to 1e17", "primes",
            "is-prime -7", "is-prime 9223372036854775808", "is-prime 12x", "is-prime 97 --method guess",
            "stat ../etc", "stat a/../b", "nosuchcommand",
            // --cluster and --members come together, members are host:port, and without the cluster module on the classpath
            // (as in the engine's own tests) a cluster job is refused as bad input
            "pi --samples 10 --members 127.0.0.1:5701", "primes --to 10 --cluster lab", "pi --samples 10 --cluster lab --members host",
            "pi --samples 10 --cluster lab --members 127.0.0.1:70000", "pi --samples 10 --cluster lab --members 127.0.0.1:5701",
            "is-prime 1000000000000000003 --method trial --cluster lab --members 127.0.0.1:5701"})
    void shouldRejectBadInputWithExitCode2AndOneLine(String line) {
        Run r = run(line.split(" "));
        assertEquals(2, r.code(), line + " -> " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void shouldParseHumanNumbers() {
        assertEquals(1_000_000_000L, Numbers.parse("1e9"));
        assertEquals(1_000_000L, Numbers.parse("1_000_000"));
        assertEquals(2_500_000L, Numbers.parse("2.5e6"));
        assertEquals(1_000_000_000_000L, Numbers.parse("10^12"));
    }

    @Test
    void shouldListCommandsInHelp() {
        for (String[] line : new String[][] {{"--help"}, {}, {"help"}}) {
            Run r = run(line);
            assertEquals(0, r.code());
            for (String c : new String[] {"pi", "primes", "is-prime", "stat", "clean", "jobs", "array", "counter", "help"}) {
                assertTrue(r.out().contains("  " + c + " "), String.join(" ", line) + " must list " + c + ": " + r.out());
            }
        }
    }

    @Test
    void shouldShowACommandsHelpWhicheverWayItIsAsked() {
        // a command line that names a command builds only that command: help must still reach it
        for (String[] line : new String[][] {{"help", "primes"}, {"primes", "--help"}, {"primes", "-h"}}) {
            Run r = run(line);
            assertEquals(0, r.code(), String.join(" ", line) + ": " + r.err());
            assertTrue(r.out().contains("--to"), String.join(" ", line) + ": " + r.out());
            assertFalse(r.out().contains("--samples"), "only the primes command's help: " + r.out());
        }
    }

    @Test
    void shouldSuggestTheCommandForAMisspeltOne() {
        Run r = run("prims", "--to", "10");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("primes"), r.err());
    }

    @Test
    void shouldRunEveryCommandOfTheStartUpCacheTraining() {
        // the launcher's AOT training (AotTraining) stops at the first command that fails: keep them all valid
        for (String[] line : AotTraining.RUNS) {
            Run r = run(line);
            assertEquals(0, r.code(), String.join(" ", line) + ": " + r.err());
        }
    }
}
