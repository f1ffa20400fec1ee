package dev.shmc.shm.region;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule by which shmc touches a path on a shared host: a directory is used only if it is a real
 * directory (not a symbolic link) owned by the current user with no group or other permission
 * bits; a file is opened only if it is a regular file (not a link, FIFO, socket, device or
 * directory) owned by the current user. Everything is checked with {@code lstat} semantics, before
 * anything is opened: opening a FIFO for reading would block, and following a link would hand
 * another user's file to this one.
 *
 * <p>Checking a file once and then opening it is safe because it lives in a directory that passed
 * the directory check: no other user can create, rename or replace anything in it.
 */
public final class OwnedPaths {
    private OwnedPaths() {
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int GROUP_OTHER_BITS = 077;

    private static final int UID = resolveUid();

    private static int resolveUid() {
        try {
            // /proc/self belongs to the process's effective user; asked first because it costs a
            // stat, where geteuid() through the FFM linker costs a fresh JVM some 30 ms of set-up
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return Posix.geteuid();
        }
    }

    /** The effective user id of this process ({@code -1} when it cannot be known: names are compared then). */
    public static int currentUid() {
        return UID;
    }

    /** What is known of a path without following a link or opening it. */
    private record Stat(int type, int permissions, int uid, String owner) {
    }

    private static Stat lstat(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            return new Stat(mode & S_IFMT, mode & 07777, (Integer) a.get("uid"), null);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no "unix" attribute view: the POSIX one (owner by name)
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int type = a.isSymbolicLink() ? S_IFLNK : a.isDirectory() ? S_IFDIR : a.isRegularFile() ? S_IFREG : S_IFIFO;
            int bits = 0;
            for (PosixFilePermission p : a.permissions()) {
                bits |= 1 << (8 - p.ordinal());
            }
            return new Stat(type, bits, -1, a.owner().getName());
        }
    }

    private static boolean ownedByMe(Stat s) {
        if (s.uid() >= 0 && UID >= 0) {
            return s.uid() == UID;
        }
        return s.owner() != null && s.owner().equals(System.getProperty("user.name"));
    }

    private static String typeName(int type) {
        return switch (type) {
            case S_IFDIR -> "a directory";
            case S_IFREG -> "a regular file";
            case S_IFLNK -> "a symbolic link";
            case S_IFIFO -> "a FIFO";
            case S_IFSOCK -> "a socket";
            case S_IFCHR -> "a character device";
            case S_IFBLK -> "a block device";
            default -> "not a regular file";
        };
    }

    private static String ownerName(Stat s) {
        if (s.owner() != null) {
            return s.owner();
        }
        return "uid " + s.uid();
    }

    /**
     * What is wrong with {@code dir} as a private directory, or empty when it is a real directory
     * of the current user's with no group or other permission bits.
     *
     * @throws NoSuchFileException when it does not exist
     */
    public static Optional<String> problemWithDirectory(Path dir) throws IOException {
        Stat s = lstat(dir);
        if (s.type() != S_IFDIR) {
            return Optional.of("it is " + typeName(s.type()) + ", not a directory");
        }
        if (!ownedByMe(s)) {
            return Optional.of("it belongs to " + ownerName(s) + ", not to you (uid " + UID + ")");
        }
        if ((s.permissions() & GROUP_OTHER_BITS) != 0) {
            return Optional.of("its mode is " + modeString(S_IFDIR, s.permissions()) + ": other users may use it (shmc needs drwx------)");
        }
        return Optional.empty();
    }

    /**
     * What is wrong with {@code file} as one of the current user's files, or empty when it is a
     * regular file owned by the current user. Nothing is opened.
     *
     * @throws NoSuchFileException when it does not exist
     */
    public static Optional<String> problemWithFile(Path file) throws IOException {
        Stat s = lstat(file);
        if (s.type() != S_IFREG) {
            return Optional.of("is " + typeName(s.type()) + ", not a regular file");
        }
        if (!ownedByMe(s)) {
            return Optional.of("belongs to " + ownerName(s) + ", not to you (uid " + UID + ")");
        }
        return Optional.empty();
    }

    /**
     * Like {@link #problemWithFile} for a file that must also be readable by its owner only (a key):
     * no group or other permission bits.
     */
    public static Optional<String> problemWithSecretFile(Path file) throws IOException {
        Optional<String> p = problemWithFile(file);
        if (p.isPresent()) {
            return p;
        }
        Stat s = lstat(file);
        if ((s.permissions() & GROUP_OTHER_BITS) != 0) {
            return Optional.of("has mode " + modeString(S_IFREG, s.permissions()) + ": other users may read it (it must be -rw-------)");
        }
        return Optional.empty();
    }

    /**
     * Creates {@code dir} (and missing parents) with mode 0700 if it does not exist, then checks
     * it ({@link #problemWithDirectory}); a directory that fails the check is never written into.
     *
     * @return {@code dir}
     * @throws RegionException {@link RegionException.Reason#NOT_OURS} naming the directory and what is wrong, or
     *                         {@link RegionException.Reason#IO} when it cannot be created
     */
    public static Path ensurePrivateDirectory(Path dir, String what) {
        try {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException exists) {
                // checked below, as it is
            } catch (NoSuchFileException noParent) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException exists) {
                    // made meanwhile: checked below
                }
            }
            Optional<String> problem = problemWithDirectory(dir);
            if (problem.isPresent()) {
                throw new RegionException(RegionException.Reason.NOT_OURS, "refusing to use " + what + " " + dir + ": "
                        + problem.get());
            }
            return dir;
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot create " + what + " " + dir + ": " + reason(e), e);
        }
    }

    /** Whether {@code path} is a directory that passes {@link #problemWithDirectory}. */
    public static boolean isPrivateDirectory(Path path) {
        try {
            return problemWithDirectory(path).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    static String reason(IOException e) {
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
    }

    private static String modeString(int type, int permissions) {
        Set<PosixFilePermission> set = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((permissions & (1 << (8 - p.ordinal()))) != 0) {
                set.add(p);
            }
        }
        return (type == S_IFDIR ? "d" : "-") + PosixFilePermissions.toString(set);
    }
}
