package dev.shmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shmc.shm.support.ChildJvms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * shmc where /dev/shm is small, as in a container (Docker's default of 64 MB): each test runs CLI
 * JVMs (and their worker JVMs) in a private mount namespace ({@code unshare -m}, as root, as CI
 * runs) whose /dev/shm is a 64 MiB tmpfs, with the default region directory, and the fallback
 * directory under a temporary {@code XDG_CACHE_HOME}. Before the namespace ends, the script lists
 * what is left in its /dev/shm: nothing may be.
 */
@Tag("slow")
@Timeout(300)
class SmallShmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 20 M doubles: 153 MiB, more than the 64 MiB tmpfs holds. */
    private static final long BIG = 20_000_000L;

    @TempDir
    Path work;

    @BeforeAll
    static void needsRootAndUnshare() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounts a tmpfs in a private mount namespace: needs root");
        Process p = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "unshare -m is not available here");
    }

    /** One CLI run in the namespace: its exit code, stdout and stderr. */
    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        /** stderr's lines, without the JVM's own line about the Vector API (the launcher drops it too). */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank() && !l.equals("WARNING: Using incubator modules: jdk.incubator.vector")).toList();
        }
    }

    /** What a namespace's commands did, and the files left in its /dev/shm afterwards. */
    record Session(List<Run> runs, List<String> leftInShm) {
    }

    /**
     * Runs each of {@code commands} (CLI arguments, after {@code env}, a list of {@code NAME=value}
     * pairs for all of them) one after the other as {@code shmc} in one namespace with a 64 MiB /dev/shm.
     */
    private Session inSmallShm(List<String> env, List<List<String>> commands) throws Exception {
        return inSmallShm(env, "", commands);
    }

    /** Like {@link #inSmallShm(List, List)}, with {@code shellFirst} (lines of sh, their output in {@code first.out}) run before the commands. */
    private Session inSmallShm(List<String> env, String shellFirst, List<List<String>> commands) throws Exception {
        StringBuilder script = new StringBuilder("set -u\nmount -t tmpfs -o size=64m,mode=1777 tmpfs /dev/shm || exit 97\n");
        script.append("export XDG_CACHE_HOME=").append(quote(cache().toString())).append('\n');
        for (String e : env) {
            script.append("export ").append(quote(e)).append('\n');
        }
        script.append("{ :\n").append(shellFirst).append("\n} >").append(quote(work.resolve("first.out").toString())).append(" 2>&1\n");
        for (int i = 0; i < commands.size(); i++) {
            List<String> java = ChildJvms.command(null, List.of("-Dshmc.service=off", "-Dshmc.stateDir=" + work.resolve("state")),
                    Main.class.getName(), commands.get(i).toArray(String[]::new));
            script.append(String.join(" ", java.stream().map(SmallShmTest::quote).toList()))
                    .append(" >").append(quote(work.resolve("out." + i).toString()))
                    .append(" 2>").append(quote(work.resolve("err." + i).toString()))
                    .append("; echo $? >").append(quote(work.resolve("rc." + i).toString())).append('\n');
        }
        script.append("find /dev/shm -mindepth 1 >").append(quote(work.resolve("left").toString())).append('\n');
        Path file = work.resolve("session.sh");
        Files.writeString(file, script);
        Process p = new ProcessBuilder("unshare", "-m", "sh", file.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("session.log").toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the session did not end within 240 s: " + Files.readString(work.resolve("session.log")));
        }
        assertEquals(0, p.exitValue(), () -> "session failed: " + read("session.log"));
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            runs.add(new Run(Integer.parseInt(read("rc." + i).strip()), read("out." + i), read("err." + i)));
        }
        return new Session(runs, read("left").lines().filter(l -> !l.isBlank()).toList());
    }

    private Path cache() {
        return work.resolve("cache");
    }

    private String read(String name) {
        try {
            return Files.readString(work.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Files left under the fallback parent ($XDG_CACHE_HOME/shmc). */
    private List<Path> leftInCache() throws IOException {
        Path shmc = cache().resolve("shmc");
        if (!Files.exists(shmc)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(shmc)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void shouldRunPiInA64MiBDevShm() throws Exception {
        Session s = inSmallShm(List.of(), List.of(List.of("pi", "--samples", "1e7", "--seed", "7", "--json")));
        Run pi = s.runs().get(0);
        assertEquals(0, pi.code(), pi::err);
        assertEquals(10_000_000L, pi.json().get("samples").asLong(), pi::out);
        assertEquals(List.of(), pi.errLines(), "no notice for regions that fit");
        assertEquals(List.of(), s.leftInShm());
        assertFalse(Files.exists(cache().resolve("shmc")), "no fallback directory for a job that fits");
    }

    @Test
    void shouldPutAnArrayBiggerThanDevShmInTheFallbackDirectoryWithOneNotice() throws Exception {
        Session s = inSmallShm(List.of(), List.of(List.of("array", "--doubles", Long.toString(BIG), "--ops", "sum,max", "--json")));
        Run array = s.runs().get(0);
        assertEquals(0, array.code(), array::err);
        JsonNode j = array.json();
        Path fallback = cache().resolve("shmc");
        assertTrue(j.get("directory").asText().startsWith(fallback + "/regions-"), j::toString);
        assertEquals((double) BIG * (BIG - 1) / 2, j.get("results").get("sum").asDouble(), j::toString);
        assertEquals(BIG - 1, j.get("results").get("max").asDouble(), j::toString);
        List<String> lines = array.errLines();
        assertEquals(1, lines.size(), array::err);
        String notice = lines.get(0);
        assertTrue(notice.contains("does not fit in /dev/shm/shmc-") && notice.contains("free") && notice.contains(j.get("directory").asText())
                && notice.contains("--shm-size="), notice);
        assertEquals(List.of(), s.leftInShm());
        assertEquals(List.of(), leftInCache());
        assertFalse(Files.exists(fallback), "the fallback directory is removed with its last region");
    }

    @Test
    void shouldAttachListAndCleanAKeptArrayInTheFallbackDirectory() throws Exception {
        Session s = inSmallShm(List.of(), List.of(
                List.of("array", "--doubles", Long.toString(BIG), "--keep", "big", "--ops", "sum", "--json"),
                List.of("array", "--attach", "big", "--ops", "max", "--json"),
                List.of("stat", "--json"),
                List.of("array", "--doubles", "1000", "--keep", "big", "--json"),
                List.of("clean", "--all", "--json")));
        Run keep = s.runs().get(0);
        assertEquals(0, keep.code(), keep::err);
        Run attach = s.runs().get(1);
        assertEquals(0, attach.code(), attach::err);
        assertEquals(BIG - 1, attach.json().get("results").get("max").asDouble(), attach::out);
        assertEquals(List.of(), attach.errLines(), "attaching is silent");
        JsonNode stat = s.runs().get(2).json();
        assertTrue(stat.get("regions").toString().contains("\"name\":\"big\""), stat::toString);
        Run again = s.runs().get(3);
        assertEquals(2, again.code(), "a name in use in the fallback directory is in use: " + again.out() + again.err());
        assertTrue(again.err().contains("already exists"), again::err);
        Run clean = s.runs().get(4);
        assertEquals(0, clean.code(), clean::err);
        assertEquals(1, clean.json().get("removed").asInt(), clean::out);
        assertEquals(List.of(), s.leftInShm());
        assertEquals(List.of(), leftInCache());
    }

    @Test
    void shouldRefuseWithTheHintWhenAConfiguredDirectoryIsTooSmall() throws Exception {
        Session s = inSmallShm(List.of("SHMC_DIR=/dev/shm/mine"), List.of(List.of("array", "--doubles", Long.toString(BIG), "--json")));
        Run array = s.runs().get(0);
        assertEquals(2, array.code(), array::out);
        List<String> lines = array.errLines();
        assertEquals(1, lines.size(), array::err);
        assertTrue(lines.get(0).startsWith("shmc: not enough space") && lines.get(0).contains("/dev/shm/mine")
                && lines.get(0).contains("--shm-size=") && lines.get(0).contains("never replaced"), lines.get(0));
        assertFalse(Files.exists(cache().resolve("shmc")), "a configured directory is never replaced");
        assertEquals(List.of(), s.leftInShm());
    }

    @Test
    void shouldReportTheSmallDevShmInDoctor() throws Exception {
        Session s = inSmallShm(List.of(), List.of(List.of("doctor", "--json"), List.of("doctor")));
        Run json = s.runs().get(0);
        assertEquals(0, json.code(), "a small /dev/shm blocks nothing: " + json.out() + json.err());
        JsonNode j = json.json();
        assertTrue(j.get("ok").asBoolean(), j::toString);
        assertEquals(64L << 20, j.get("facts").get("/dev/shm").get("totalBytes").asLong(), j::toString);
        assertTrue(j.get("problems").toString().contains("/dev/shm is small") && j.get("problems").toString().contains("--shm-size"),
                j::toString);
        Run text = s.runs().get(1);
        assertEquals(0, text.code(), text::err);
        assertTrue(text.out().contains("tmpfs, 64.0 MiB") && text.out().contains("problem: /dev/shm is small"), text::out);
        assertEquals(List.of(), s.leftInShm());
    }

    @Test
    void shouldPutAPythonArrayBiggerThanDevShmInTheFallbackDirectoryForTheWorkers() throws Exception {
        Path python = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (python != null && !Files.isRegularFile(python.resolve("python/shmc/__init__.py"))) {
            python = python.getParent();
        }
        Process probe = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
        assumeTrue(python != null && probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "no python3 with numpy");
        String make = "PYTHONPATH=" + quote(python.resolve("python").toString()) + " python3 -c "
                + quote("import shmc\na = shmc.create('from-python', " + BIG + ", keep=True)\na[:] = 1.0\nprint(shmc.path('from-python'))");
        Session s = inSmallShm(List.of(), make, List.of(List.of("array", "--attach", "from-python", "--ops", "sum", "--json"),
                List.of("clean", "--all", "--json")));
        List<String> first = read("first.out").lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, first.size(), "the notice and the path: " + first);
        assertTrue(first.get(0).contains("does not fit in /dev/shm/shmc-") && first.get(0).contains("--shm-size="), first.get(0));
        assertTrue(first.get(1).startsWith(cache().resolve("shmc") + "/regions-"), first.get(1));
        Run sum = s.runs().get(0);
        assertEquals(0, sum.code(), sum::err);
        assertEquals((double) BIG, sum.json().get("results").get("sum").asDouble(), sum::out);
        assertEquals(1, s.runs().get(1).json().get("removed").asInt(), s.runs().get(1)::out);
        assertEquals(List.of(), s.leftInShm());
        assertEquals(List.of(), leftInCache());
    }
}
