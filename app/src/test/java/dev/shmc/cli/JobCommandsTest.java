package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shmc.cli.CliRunner.Run;
import dev.shmc.engine.TempStateDirectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The job commands share their options (JobOptions, ResumableJobOptions) and the fields of their report (JobReport). */
@Timeout(120)
class JobCommandsTest extends TempStateDirectory {
    private static final List<String> JOB_OPTIONS = List.of("--workers", "--mode", "--json", "--cluster", "--members", "--key");
    private static final List<String> RESUMABLE_OPTIONS = List.of("--schedule", "--resume");
    /** The report's fields after the command's own, in order. */
    private static final List<String> TAIL = List.of("workers", "mode", "seconds", "startupSeconds", "chunks", "chunksSkipped");

    @ParameterizedTest
    @ValueSource(strings = {"pi --samples 1e5", "primes --to 1e5", "is-prime 1000000000000037 --method trial", "counter --increments 1000"})
    void shouldPrintTheSharedJsonFieldsAroundTheCommandsOwn(String line) {
        Run r = run(concat(line.split(" "), "--workers", "1", "--mode", "threads", "--json"));
        assertEquals(0, r.code(), line + ": " + r.err());
        JsonNode j = r.json();
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("job", "status"), names.subList(0, 2), line + ": job and status first: " + names);
        assertEquals(TAIL, names.subList(names.size() - TAIL.size(), names.size()), line + ": the shared tail last: " + names);
        assertFalse(j.get("job").asText().isEmpty(), line);
        assertTrue(List.of("completed", "found").contains(j.get("status").asText()), line + ": " + j);
        assertEquals(1, j.get("workers").asInt(), line);
        assertEquals("threads", j.get("mode").asText(), line);
        assertTrue(j.get("seconds").asDouble() > 0, line);
        assertTrue(j.get("startupSeconds").asDouble() >= 0, line);
        assertTrue(j.get("chunks").asLong() >= 1, line);
        assertEquals(0, j.get("chunksSkipped").asLong(), line);
    }

    @Test
    void shouldGiveEveryJobCommandTheSameSharedOptions() {
        CommandSpec reference = spec("pi");
        for (String command : List.of("pi", "primes", "is-prime")) {
            CommandSpec spec = spec(command);
            for (String name : JOB_OPTIONS) {
                assertSameOption(reference.findOption(name), spec.findOption(name), command);
            }
            boolean resumable = !command.equals("is-prime");
            for (String name : RESUMABLE_OPTIONS) {
                if (resumable) {
                    assertSameOption(reference.findOption(name), spec.findOption(name), command);
                } else {
                    assertNull(spec.findOption(name), command + " has no " + name);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pi --samples 10", "primes --to 10"})
    void shouldCheckTheResumableOptionsOnEveryResumableCommand(String line) {
        for (String[] bad : new String[][] {{"--schedule", "sometimes"},
                {"--resume", "j-1", "--cluster", "lab", "--members", "127.0.0.1:5701"}}) {
            Run r = run(concat(concat(line.split(" "), "--mode", "threads", "--workers", "1"), bad));
            assertEquals(2, r.code(), line + " " + String.join(" ", bad) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void shouldRunAResumableJobInTheOrderItIsGiven() {
        for (String schedule : List.of("static", "randomized")) {
            Run pi = run("pi", "--samples", "1e5", "--seed", "7", "--workers", "1", "--mode", "threads", "--schedule", schedule, "--json");
            assertEquals(0, pi.code(), pi.err());
            Run reference = run("pi", "--samples", "1e5", "--seed", "7", "--workers", "1", "--mode", "threads", "--json");
            assertEquals(reference.json().get("inside"), pi.json().get("inside"), "the count does not depend on the order");
            Run primes = run("primes", "--to", "1e5", "--chunk-size", "1e4", "--workers", "1", "--mode", "threads", "--schedule", schedule,
                    "--json");
            assertEquals(0, primes.code(), primes.err());
            assertEquals(9592, primes.json().get("count").asLong());
        }
    }

    private static void assertSameOption(OptionSpec expected, OptionSpec actual, String command) {
        assertNotNull(actual, command + " must have " + expected.longestName());
        String what = command + " " + expected.longestName();
        assertEquals(Arrays.asList(expected.description()), Arrays.asList(actual.description()), what);
        assertEquals(expected.paramLabel(), actual.paramLabel(), what);
        assertEquals(expected.defaultValue(), actual.defaultValue(), what);
        assertEquals(expected.type(), actual.type(), what);
    }

    private static CommandSpec spec(String command) {
        return Main.commandLine(command).getSubcommands().get(command).getCommandSpec();
    }

    private static String[] concat(String[] a, String... more) {
        String[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
