package dev.shmc.cluster;

import dev.shmc.engine.config.StateDirectory;
import dev.shmc.shm.region.OwnedPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member and submitter of a cluster shares: {@value #BYTES} random bytes, kept
 * in a file of the user's (hex or base64 text, mode 0600) and copied to every host. With it,
 * every request (a piece, a stop, a status call) and every answer carries an HMAC-SHA256 over all
 * its fields, so that only holders of the key can have work run, stop it or read what runs; and
 * the Hazelcast cluster name is derived from it ({@link #hazelcastClusterName}), so that a process
 * without the key cannot even join or connect.
 *
 * <p>A key file is used only if it is a regular file (not a symbolic link), owned by the user
 * running shmc and neither readable nor writable by anyone else; {@link #load} refuses anything
 * else with one line saying what is wrong. Thread-safe.
 */
public final class ClusterKey {
    /** Bytes of a key. */
    public static final int BYTES = 32;
    private static final String MAC_ALGORITHM = "HmacSHA256";
    /** Domain tag of every MAC: a MAC made for anything else (or another version of the layout) never verifies. */
    private static final String DOMAIN = "shmc-cluster-v1";
    /** Key files are a few dozen bytes; anything much longer is not one. */
    private static final int MAX_FILE_BYTES = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Initialized once; each thread takes a clone (a Mac is not thread-safe, and getInstance + init in a new thread costs 50-100 us). */
    private final Mac prototype;
    private final ThreadLocal<Canonical> macs;

    private ClusterKey(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a cluster key has " + BYTES + " bytes, not " + bytes.length);
        }
        this.prototype = newMac(new SecretKeySpec(bytes, MAC_ALGORITHM));
        this.macs = ThreadLocal.withInitial(() -> new Canonical(copyOfPrototype()));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    private Mac copyOfPrototype() {
        synchronized (prototype) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("this JVM's HMAC-SHA256 cannot be cloned", e);
            }
        }
    }

    /** A key of these {@value #BYTES} bytes (copied). */
    static ClusterKey of(byte[] bytes) {
        return new ClusterKey(bytes.clone());
    }

    /** A fresh random key (tests; files are made with {@link #generate}). */
    static ClusterKey random() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return new ClusterKey(b);
    }

    /** The key file's name in the state directory, where it is when none is named. */
    public static final String DEFAULT_FILE_NAME = "cluster.key";

    /** Where the key is when none is named: {@value #DEFAULT_FILE_NAME} in the state directory ({@link StateDirectory}). */
    public static Path defaultFile() {
        return StateDirectory.resolve().resolve(DEFAULT_FILE_NAME);
    }

    /**
     * Reads the key in {@code file}, after checking that the file is the user's own secret.
     *
     * @throws IllegalArgumentException with one line naming the file and what is wrong with it
     *                                  (missing, a symbolic link, not a regular file, another
     *                                  user's, accessible to group or others, not a key)
     */
    public static ClusterKey load(Path file) {
        Objects.requireNonNull(file);
        PosixFileAttributes before = checkedAttributes(file);
        byte[] content;
        // NOFOLLOW_LINKS: a link put in its place after the check fails to open (O_NOFOLLOW)
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buf = ByteBuffer.allocate(MAX_FILE_BYTES + 1);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until the end or one byte past the limit
            }
            if (buf.position() > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("cluster key " + file + " is not a key (it is longer than " + MAX_FILE_BYTES
                        + " bytes; 'shmc cluster keygen' makes one)");
            }
            content = new byte[buf.position()];
            buf.flip().get(content);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read cluster key " + file + ": " + reason(e), e);
        }
        PosixFileAttributes after = checkedAttributes(file);
        if (!Objects.equals(before.fileKey(), after.fileKey())) {
            throw new IllegalArgumentException("cluster key " + file + " was replaced while it was read; try again");
        }
        return new ClusterKey(parse(file, new String(content, StandardCharsets.US_ASCII).strip()));
    }

    /**
     * Writes a new random key to {@code file} (mode 0600; its directory is created, mode 0700, if
     * missing) and returns it. Never overwrites: a key in use is on every host of a cluster.
     *
     * @throws IllegalArgumentException when {@code file} exists (even as a link), or cannot be written
     */
    public static ClusterKey generate(Path file) {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                // the state directory's own mode (StateDirectory); the directories above it are left as created
                Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
            }
            // CREATE_NEW is O_CREAT|O_EXCL: fails on any existing name, a dangling link included
            try (SeekableByteChannel ch = Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)))) {
                ch.write(ByteBuffer.wrap((HexFormat.of().formatHex(b) + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(file + " exists already: keygen never overwrites a key (every host of a cluster has "
                    + "it); remove it first to make a new one");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot write cluster key " + file + ": " + reason(e), e);
        }
        return new ClusterKey(b);
    }

    private static PosixFileAttributes checkedAttributes(Path file) {
        PosixFileAttributes a;
        try {
            // a regular file of the user's, looked at without following a link (the rule for every file shmc opens)
            Optional<String> problem = OwnedPaths.problemWithFile(file);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("cluster key " + file + " " + problem.get());
            }
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no cluster key at " + file + ": make one with 'shmc cluster keygen"
                    + (file.equals(defaultFile()) ? "" : " --key " + file) + "' and copy it to every host of the cluster");
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("cluster key " + file + " is on a file system without POSIX permissions: "
                    + "keep it where only you can read it");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read cluster key " + file + ": " + reason(e), e);
        }
        Set<PosixFilePermission> others = EnumSet.copyOf(a.permissions());
        others.retainAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("cluster key " + file + " is open to group or others (mode " + mode(a.permissions())
                    + "): only its owner may read it (chmod 600 " + file + ")");
        }
        return a;
    }

    private static byte[] parse(Path file, String text) {
        byte[] b = null;
        if (text.length() == 2 * BYTES && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            b = HexFormat.of().parseHex(text);
        } else if (!text.isEmpty()) {
            try {
                b = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                b = null;
            }
        }
        if (b == null || b.length != BYTES) {
            throw new IllegalArgumentException("cluster key " + file + " is not a key (expected " + BYTES + " bytes as " + 2 * BYTES
                    + " hex digits or in base64; 'shmc cluster keygen' makes one)");
        }
        return b;
    }

    private static String mode(Set<PosixFilePermission> p) {
        int m = 0;
        for (PosixFilePermission x : p) {
            m |= 1 << (8 - x.ordinal()); // OWNER_READ is ordinal 0 (bit 0400), OTHERS_EXECUTE 8 (bit 0001)
        }
        return String.format("%04o", m);
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ------------------------------------------------------------------ MACs

    /**
     * The name the Hazelcast cluster really has: the user's {@code name}, a dash and 16 hex digits
     * of a MAC of it. Members and clients with another key (or none) have another name, so
     * Hazelcast refuses them at the connection; the user's name is what messages show.
     */
    String hazelcastClusterName(String name) {
        Canonical c = macs.get();
        c.putString(DOMAIN).putString("cluster-name").putString(name);
        return name + "-" + HexFormat.of().formatHex(c.finish(), 0, 8);
    }

    /** Seals {@code message} of cluster {@code cluster}: its MAC over all its fields, nonce and timestamp. */
    void sign(String cluster, Sealed message) {
        message.seal().mac = mac(cluster, message);
    }

    /** Whether {@code message} carries the MAC of its fields under this key (compared in constant time). */
    boolean verifies(String cluster, Sealed message) {
        Seal s = message.seal();
        return s != null && s.mac != null && MessageDigest.isEqual(mac(cluster, message), s.mac);
    }

    private byte[] mac(String cluster, Sealed message) {
        Canonical c = macs.get();
        c.putString(DOMAIN).putString(message.type()).putString(cluster);
        message.seal().feed(c);
        message.feed(c);
        return c.finish();
    }
}
