package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.cli.Main;
import dev.shmc.engine.config.StateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster commands' input checks and failures, in this JVM: exit 2 and one line for bad input
 * (a key file that is not the user's own secret among it), exit 1 for an unreachable cluster;
 * {@code shmc cluster keygen}.
 */
class ClusterCliTest {
    /** Every command that reads the key, with the key file to come last. */
    private static final String[][] KEY_READERS = {
            {"pi", "--samples", "10", "--cluster", "lab", "--members", "127.0.0.1:5701", "--key"},
            {"member", "--cluster", "lab", "--members", "127.0.0.1:5701", "--bind", "127.0.0.1:5701", "--key"},
            {"cluster", "status", "--cluster", "lab", "--members", "127.0.0.1:5701", "--key"}};

    @TempDir
    Path dir;

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
            "cluster status --members 127.0.0.1:5701", "cluster status --cluster lab", "cluster bogus",
            "pi --samples 10 --key /tmp/x.key", "cluster keygen --bogus"})
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
        String key = dir.resolve("cluster.key").toString();
        assertEquals(0, run("cluster", "keygen", "--key", key).code());
        Run r = run("pi", "--samples", "1e6", "--cluster", "nobody", "--members", nobody, "--key", key);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("shmc: error: cannot reach cluster 'nobody' at " + nobody), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());

        r = run("cluster", "status", "--cluster", "nobody", "--members", nobody, "--key", key);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot reach cluster"), r.err());
    }

    /** Runs every command that reads the key with {@code key}: each must exit 2 with one line that starts with {@code line}. */
    private static void assertEveryReaderRefuses(Path key, String line) {
        for (String[] command : KEY_READERS) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = key.toString();
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err() + r.out());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().startsWith("shmc: " + line), String.join(" ", args) + " -> " + r.err());
        }
    }

    private Path key(String mode) throws IOException {
        Path f = dir.resolve("k-" + System.nanoTime() + ".key");
        assertEquals(0, run("cluster", "keygen", "--key", f.toString()).code());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void shouldRefuseAKeyFileThatIsASymbolicLink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.key"), key("rw-------"));
        assertEveryReaderRefuses(link, "cluster key " + link + " is a symbolic link");
    }

    @Test
    void shouldRefuseAKeyFileReadableByTheGroup() throws IOException {
        Path f = key("rw-r-----");
        assertEveryReaderRefuses(f, "cluster key " + f + " is open to group or others (mode 0640)");
    }

    @Test
    void shouldRefuseAKeyFileOwnedByAnotherUser() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root (tests run as root in CI)");
        Path f = key("rw-------");
        Files.setOwner(f, f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertEveryReaderRefuses(f, "cluster key " + f + " belongs to uid 65534, not to you");
    }

    @Test
    void shouldSayHowToMakeAKeyWhenThereIsNone() {
        Path none = dir.resolve("none.key");
        assertEveryReaderRefuses(none, "no cluster key at " + none + ": make one with 'shmc cluster keygen --key " + none + "'");
    }

    @Test
    void shouldMakeAPrivateKeyWithKeygenAndNeverOverwriteIt() throws IOException {
        Path f = dir.resolve("new.key");
        Run r = run("cluster", "keygen", "--key", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("shmc: wrote a new cluster key to " + f + " (mode 0600); copy it to every host"), r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS)));
        assertTrue(Files.readString(f).matches("[0-9a-f]{64}\n"), "64 hex digits");
        String key = Files.readString(f);

        r = run("cluster", "keygen", "--key", f.toString());
        assertEquals(2, r.code());
        assertEquals("shmc: " + f + " exists already: keygen never overwrites a key (every host of a cluster has it); remove it first "
                + "to make a new one", r.err().strip());
        assertEquals(key, Files.readString(f), "unchanged");
    }

    @Test
    void shouldKeepTheKeyInTheStateDirectoryByDefault() throws IOException {
        String saved = System.getProperty(StateDirectory.PROPERTY);
        System.setProperty(StateDirectory.PROPERTY, dir.resolve("state").toString());
        try {
            assertEquals(0, run("cluster", "keygen").code());
            Path f = dir.resolve("state").resolve("cluster.key");
            assertTrue(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())));
            // the commands find it there: a key problem would be exit 2, an unreachable cluster is exit 1
            String nobody = "127.0.0.1:" + MemberProcesses.freePort();
            assertEquals(1, run("cluster", "status", "--cluster", "lab", "--members", nobody).code());
        } finally {
            if (saved == null) {
                System.clearProperty(StateDirectory.PROPERTY);
            } else {
                System.setProperty(StateDirectory.PROPERTY, saved);
            }
        }
    }

    @Test
    void shouldListMemberAndClusterInHelp() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("member") && r.out().contains("cluster"), r.out());
    }
}
