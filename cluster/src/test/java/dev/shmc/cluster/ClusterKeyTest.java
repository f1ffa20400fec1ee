package dev.shmc.cluster;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.jobs.PiJobKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster key in one JVM: its file is used only when it is the user's own secret, keygen
 * makes such a file and never overwrites one, a MAC binds every field of every message (a change
 * to any one of them, to the type, the cluster or the key makes it fail), and the member's guard
 * drops stale and replayed requests within bounded memory.
 */
class ClusterKeyTest {
    private static final String CLUSTER = "lab";

    @TempDir
    Path dir;

    private Path keyFile(String content, String mode) throws IOException {
        Path f = dir.resolve("cluster.key");
        Files.writeString(f, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static String message(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> ClusterKey.load(file)).getMessage();
    }

    // ------------------------------------------------------------------ key files

    @Test
    void shouldLoadAKeyWrittenAsHexOrBase64() throws IOException {
        byte[] b = new byte[ClusterKey.BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        String hex = ClusterKey.load(keyFile(HexFormat.of().formatHex(b) + "\n", "rw-------")).hazelcastClusterName(CLUSTER);
        Files.delete(dir.resolve("cluster.key"));
        String base64 = ClusterKey.load(keyFile(Base64.getEncoder().encodeToString(b), "r--------")).hazelcastClusterName(CLUSTER);
        assertEquals(ClusterKey.of(b).hazelcastClusterName(CLUSTER), hex);
        assertEquals(hex, base64, "the same key in either form");
    }

    @Test
    void shouldRefuseAKeyFileOpenToGroupOrOthers() throws IOException {
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-------"}) {
            Path f = keyFile(HexFormat.of().formatHex(new byte[32]), mode);
            if (mode.equals("rw-------")) {
                ClusterKey.load(f);
            } else {
                String m = message(f);
                assertTrue(m.startsWith("cluster key " + f + " is open to group or others (mode 0"), m);
                assertTrue(m.contains("chmod 600 " + f), m);
            }
            Files.delete(f);
        }
    }

    @Test
    void shouldRefuseAKeyFileThatIsASymbolicLink() throws IOException {
        Path real = keyFile(HexFormat.of().formatHex(new byte[32]), "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("link.key"), real);
        assertEquals("cluster key " + link + " is a symbolic link, not a regular file", message(link));
    }

    @Test
    void shouldRefuseAKeyFileOfAnotherUser() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root (tests run as root in CI)");
        Path f = keyFile(HexFormat.of().formatHex(new byte[32]), "rw-------");
        Files.setOwner(f, f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        String m = message(f);
        assertTrue(m.startsWith("cluster key " + f + " belongs to uid 65534, not to you (uid 0)"), m);
    }

    @Test
    void shouldRefuseWhatIsNotAKey() throws IOException {
        for (String content : new String[] {"", "hello", "00ff", HexFormat.of().formatHex(new byte[31]),
                Base64.getEncoder().encodeToString(new byte[33]), "x".repeat(5000)}) {
            Path f = keyFile(content, "rw-------");
            String m = message(f);
            assertTrue(m.startsWith("cluster key " + f + " is not a key"), m);
            Files.delete(f);
        }
        Files.createDirectory(dir.resolve("cluster.key"));
        assertEquals("cluster key " + dir.resolve("cluster.key") + " is a directory, not a regular file", message(dir.resolve("cluster.key")));
        assertTrue(message(dir.resolve("none.key")).startsWith("no cluster key at " + dir.resolve("none.key")
                + ": make one with 'shmc cluster keygen --key " + dir.resolve("none.key") + "'"));
    }

    @Test
    void shouldGenerateAPrivateKeyFileAndNeverOverwriteOne() throws IOException {
        Path f = dir.resolve("sub").resolve("cluster.key");
        ClusterKey made = ClusterKey.generate(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())));
        assertEquals(made.hazelcastClusterName(CLUSTER), ClusterKey.load(f).hazelcastClusterName(CLUSTER), "it reads back");
        String before = Files.readString(f);
        String m = assertThrows(IllegalArgumentException.class, () -> ClusterKey.generate(f)).getMessage();
        assertTrue(m.startsWith(f + " exists already"), m);
        assertEquals(before, Files.readString(f), "the key is unchanged");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.key"), dir.resolve("nowhere"));
        assertThrows(IllegalArgumentException.class, () -> ClusterKey.generate(dangling));
        assertFalse(Files.exists(dir.resolve("nowhere")), "nothing written through a link");
        assertNotEquals(made.hazelcastClusterName(CLUSTER), ClusterKey.generate(dir.resolve("other.key")).hazelcastClusterName(CLUSTER));
    }

    // ------------------------------------------------------------------ MACs

    @Test
    void shouldDeriveTheHazelcastClusterNameFromTheNameAndTheKey() {
        ClusterKey k = ClusterKey.random();
        String name = k.hazelcastClusterName(CLUSTER);
        assertTrue(name.matches("lab-[0-9a-f]{16}"), name);
        assertEquals(name, k.hazelcastClusterName(CLUSTER));
        assertNotEquals(name, k.hazelcastClusterName("lab2"));
        assertNotEquals(name, ClusterKey.random().hazelcastClusterName(CLUSTER));
    }

    private static PieceTask signedPiece(ClusterKey key) {
        JobSpec spec = JobSpec.builder(PiJobKernel.spec(1L << 30, 9, "scalar").kernelClass()).units(0, 1L << 30).chunkSize(4096)
                .seed(9).param("kernel", "scalar").label("pi").build();
        PieceTask t = new PieceTask("job-1", 3, 2, spec, spec.chunkSize(), 4096, 3 * 4096);
        key.sign(CLUSTER, t);
        return t;
    }

    private static Seal copy(Seal s, long high, long low, long millis) {
        Seal c = new Seal(high, low, millis);
        c.mac = s.mac;
        return c;
    }

    @Test
    void shouldBindEveryFieldOfAPieceRequest() {
        ClusterKey key = ClusterKey.random();
        assertTrue(key.verifies(CLUSTER, signedPiece(key)));
        List<Consumer<PieceTask>> changes = List.of(t -> t.jobId = "job-2", t -> t.piece++, t -> t.attempt++,
                t -> t.kernelClass = "dev.shmc.cluster.MarkerKernel", t -> t.label = "other", t -> t.from--, t -> t.to++, t -> t.chunkSize++,
                t -> t.schedule++, t -> t.seed++, t -> t.params[0] ^= 1, t -> t.params = null,
                t -> t.seal = copy(t.seal, t.seal.nonceHigh + 1, t.seal.nonceLow, t.seal.millis),
                t -> t.seal = copy(t.seal, t.seal.nonceHigh, t.seal.nonceLow + 1, t.seal.millis),
                t -> t.seal = copy(t.seal, t.seal.nonceHigh, t.seal.nonceLow, t.seal.millis + 1), t -> t.seal.mac[5] ^= 1,
                t -> t.seal.mac = null, t -> t.seal = null);
        for (int i = 0; i < changes.size(); i++) {
            PieceTask t = signedPiece(key);
            changes.get(i).accept(t);
            assertFalse(key.verifies(CLUSTER, t), "change " + i + " went unnoticed");
        }
        assertFalse(key.verifies("lab2", signedPiece(key)), "another cluster");
        assertFalse(ClusterKey.random().verifies(CLUSTER, signedPiece(key)), "another key");
    }

    @Test
    void shouldBindEveryFieldOfAnAnswer() {
        ClusterKey key = ClusterKey.random();
        PieceTask task = signedPiece(key);
        List<Consumer<PieceResult>> changes = List.of(r -> r.piece++, r -> r.attempt++, r -> r.outcome = PieceResult.Outcome.FOUND,
                r -> r.words[1]++, r -> r.words = new long[] {r.words[0]}, r -> r.units++, r -> r.seconds = -r.seconds,
                r -> r.error = "x", r -> r.resultWords++, r -> r.chunks++, r -> r.included[0] ^= 1, r -> r.included = new long[0]);
        for (int i = 0; i < changes.size(); i++) {
            PieceResult r = new PieceResult(task, PieceResult.Outcome.COMPLETED, 1, 2, new long[] {0b11}, new long[] {5, 6}, 0.5, null);
            key.sign(CLUSTER, r);
            assertTrue(key.verifies(CLUSTER, r));
            assertTrue(r.seal.sameNonce(task.seal), "answers carry the request's nonce");
            changes.get(i).accept(r);
            assertFalse(key.verifies(CLUSTER, r), "change " + i + " went unnoticed");
        }
        StatusTask request = StatusTask.create();
        StatusAnswer a = new StatusAnswer(request, new MemberStatus("10.0.0.1:5701", 7, 2, "processes", 1, 2, Map.of("j", 1)));
        key.sign(CLUSTER, a);
        assertTrue(key.verifies(CLUSTER, a));
        a.runningJobs.put("j", 2);
        assertFalse(key.verifies(CLUSTER, a), "a changed status");
    }

    @Test
    void shouldNotTakeTheMacOfOneMessageTypeForAnother() {
        ClusterKey key = ClusterKey.random();
        StatusTask status = StatusTask.create();
        key.sign(CLUSTER, status);
        StopMessage stop = new StopMessage("");
        stop.seal = status.seal; // the same nonce, time and MAC on a message of another type
        assertFalse(key.verifies(CLUSTER, stop));
        StopMessage real = new StopMessage("job-1");
        key.sign(CLUSTER, real);
        assertTrue(key.verifies(CLUSTER, real));
        real.jobId = "job-2";
        assertFalse(key.verifies(CLUSTER, real));
    }

    // ------------------------------------------------------------------ the member's guard

    @Test
    void shouldAdmitARequestOnceWithinTheWindowOnly() {
        ClusterKey key = ClusterKey.random();
        RequestGuard guard = new RequestGuard(key, CLUSTER, 1_000, 100);
        long now = System.currentTimeMillis();
        PieceTask t = signedPiece(key);
        assertNull(guard.check(t, t.seal.millis));
        assertTrue(guard.check(t, t.seal.millis + 10).startsWith("replayed"));
        assertTrue(guard.check(t, t.seal.millis + 1_500).startsWith("timestamp 2 s behind"), "stale by then, whatever the nonce");
        PieceTask ahead = signedPiece(key);
        assertTrue(guard.check(ahead, now - 1_200).startsWith("timestamp 1 s ahead"));
        PieceTask forged = signedPiece(ClusterKey.random());
        assertEquals("bad MAC", guard.check(forged, now));
    }

    @Test
    void shouldRememberNoncesForTheirTimeAndRefuseRatherThanForgetWhenFull() {
        NonceCache cache = new NonceCache(3, 1_000);
        assertEquals(NonceCache.Verdict.NEW, cache.admit(1, 1, 0));
        assertEquals(NonceCache.Verdict.NEW, cache.admit(1, 2, 10));
        assertEquals(NonceCache.Verdict.SEEN, cache.admit(1, 1, 999));
        assertEquals(NonceCache.Verdict.NEW, cache.admit(2, 1, 20));
        assertEquals(NonceCache.Verdict.FULL, cache.admit(3, 1, 500), "full: refused, and nothing forgotten early");
        assertEquals(NonceCache.Verdict.SEEN, cache.admit(1, 2, 1_000));
        assertEquals(NonceCache.Verdict.NEW, cache.admit(3, 1, 1_001), "the oldest has expired");
        assertEquals(NonceCache.Verdict.FULL, cache.admit(1, 1, 1_001), "full again");
        assertEquals(3, cache.size());
        assertEquals(NonceCache.Verdict.NEW, cache.admit(9, 9, 5_000));
        assertEquals(1, cache.size(), "expired ones are dropped");
    }

    @Test
    void shouldNotLetRequestsThatDoNotVerifyTakeAPlaceAmongTheNonces() {
        ClusterKey key = ClusterKey.random();
        RequestGuard guard = new RequestGuard(key, CLUSTER, 60_000, 2);
        for (int i = 0; i < 10; i++) {
            assertEquals("bad MAC", guard.check(signedPiece(ClusterKey.random()), System.currentTimeMillis()));
        }
        PieceTask t = signedPiece(key);
        assertNull(guard.check(t, System.currentTimeMillis()));
    }
}
