package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;

import dev.shmc.cli.CliRunner.Run;

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
            "is-prime -7", "is-prime 12x", "is-prime 97 --method guess",
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

    /** Numbers that make no sense for their option, and numbers written in ways a person does not write them. */
    @ParameterizedTest
    @ValueSource(strings = {
            // zero or negative chunk sizes were taken as "the default"; workers were not checked on paths without a job
            "pi --samples 1e6 --chunk-size -5", "pi --samples 1e6 --chunk-size 0", "primes --to 1e6 --chunk-size -5",
            "primes --to 1e6 --chunk-size 0", "is-prime 97 --chunk-size -5", "is-prime 1000003 --method trial --chunk-size 0",
            "is-prime 97 --workers 0", "is-prime 97 --method trial --workers -2", "primes --to 100 --print --workers 0",
            "primes --to 100 --print --mode fork",
            // digits of other scripts (Arabic-Indic, Devanagari, fullwidth; the compiler turns the escapes into the
            // characters): Java's parsers take them, people do not mean them
            "pi --samples \u0663", "pi --samples 10 --workers \u0662", "primes --to \u0661\u0660", "is-prime \u0669\u0667",
            "jobs --limit \u0663", "counter --increments \u0967\u0966", "array --doubles 10 --alpha \u0663", "pi --samples \uFF11\uFF10",
            // separators only single and between digits
            "pi --samples 1_000__000", "pi --samples _1000", "pi --samples 1000_", "pi --samples 1e_9", "pi --samples 10^_3",
            "pi --samples 1,,000", "pi --samples ,1000", "is-prime 1__009", "is-prime 97_", "is-prime 1e_3", "is-prime 2^_7",
            // forms Java accepts and people do not write for a count
            "pi --samples 0x10", "pi --samples 1e9.5", "pi --samples 2^", "pi --samples ^3", "pi --samples 1e", "pi --samples 1e999999999999",
            "array --doubles 10 --alpha NaN", "array --doubles 10 --alpha Infinity", "array --doubles 10 --alpha 0x1p3",
            "array --doubles 10 --alpha 2d",
            // is-prime: trial division is for 64-bit N; N has at most 3000 digits
            "is-prime 2^64 --method trial", "is-prime 18446744073709551616 --method trial", "is-prime 1e3000", "is-prime 2^10000",
            "is-prime 2^64--1"})
    void shouldRejectMalformedOrSenselessNumbersWithExitCode2AndOneLine(String line) {
        String[] args = line.split(" ");
        Run r = run(args);
        assertEquals(2, r.code(), line + " -> " + r.out() + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldSayWhyADigitOfAnotherScriptIsRefused() {
        Run r = run("pi", "--samples", "\u0663"); // the compiler reads the escape: an Arabic-Indic three
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'\\u0663'") && r.err().contains("digits 0-9 only"), r.err());
    }

    @Test
    void shouldRefuseTrialDivisionFromTwoToThe64InOneLineThatSaysWhatToDo() {
        Run r = run("is-prime", "18446744073709551616", "--method", "trial");
        assertEquals(2, r.code());
        assertEquals("shmc: --method trial takes N below 2^64; use --method mr", r.err().strip());
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
        // the build's AOT training (AotTraining) stops at the first command that fails: keep them all valid
        for (String[] line : AotTraining.RUNS) {
            Run r = run(line);
            assertEquals(0, r.code(), String.join(" ", line) + ": " + r.err());
        }
    }
}
