package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cluster commands' input checks and failures, in this JVM: exit 2 and one line for bad input, exit 1 for an unreachable cluster. */
class ClusterCliTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "pi --samples 10 --members 127.0.0.1:5701", "pi --samples 10 --cluster lab", "pi --samples 10 --cluster lab --members nohost",
            "pi --samples 10 --cluster lab --members 127.0.0.1:99999", "pi --samples 10 --cluster lab --members 127.0.0.1:", 
            "pi --samples 10 --cluster lab --members :5701", "pi --samples 10 --cluster 'bad name' --members 127.0.0.1:5701",
            "pi --samples 10 --cluster lab --members 127.0.0.1:5701 --resume j1",
            "pi --samples 10 --cluster lab --members 127.0.0.1:5701 --workers 2",
            "primes --to 100 --print --cluster lab --members 127.0.0.1:5701",
            "is-prime 1000000000000000003 --method trial --cluster lab",
            "member --cluster lab", "member --members 127.0.0.1:5701", "member --cluster lab --members 127.0.0.1:5701 --bind 192.0.2.1",
            "member --cluster lab --members 127.0.0.1:5701 --bind 127.0.0.1:0", "member --cluster lab --members 192.0.2.1:5701",
            "cluster status --members 127.0.0.1:5701", "cluster status --cluster lab", "cluster bogus"})
    void shouldRejectBadInputWithExitCode2AndOneLine(String line) {
        Run r = run(line.split(" "));
        assertEquals(2, r.code(), line + " -> " + r.err() + r.out());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    @Timeout(60)
    void shouldFailWithExitCode1AndOneLineWhenNoMemberAnswers() throws Exception {
        String nobody = "127.0.0.1:" + MemberProcesses.freePort();
        Run r = run("pi", "--samples", "1e6", "--cluster", "nobody", "--members", nobody);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("shmc: error: cannot reach cluster 'nobody' at " + nobody), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());

        r = run("cluster", "status", "--cluster", "nobody", "--members", nobody);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot reach cluster"), r.err());
    }

    @Test
    void shouldListMemberAndClusterInHelp() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("member") && r.out().contains("cluster"), r.out());
    }
}
