package dev.shmc.shm.region;

import static dev.shmc.shm.region.RegionDescriptor.*;

import dev.shmc.shm.ShmConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The region directory: names, listing, free-space checks and reclaiming stale regions. */
public final class Regions {
    private Regions() {
    }

    private static volatile boolean fallbackWarned;

    /**
     * The region directory in use ({@link ShmConfig#defaultDirectory()}); warns once on stderr when
     * /dev/shm is missing and the temp directory is used instead.
     */
    public static Path directory() {
        Path dir = ShmConfig.defaultDirectory();
        if (ShmConfig.usingFallbackDirectory() && !fallbackWarned) {
            fallbackWarned = true;
            System.err.println("shmc: warning: /dev/shm is not available; regions go to " + dir + " (slower, disk-backed)");
        }
        return dir;
    }

    /**
     * Checks a region name: 1 to {@value ShmConfig#MAX_NAME_LENGTH} characters of letters, digits,
     * {@code . _ -}, not starting with a dot, so no {@code /}, no {@code ..}, nothing hidden.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("region name must not be empty");
        }
        if (name.length() > ShmConfig.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("region name is too long (" + name.length() + " characters, at most "
                    + ShmConfig.MAX_NAME_LENGTH + ")");
        }
        if (name.contains("/") || name.contains("..") || name.startsWith(".")) {
            throw new IllegalArgumentException("invalid region name '" + name + "': no '/', '..' or leading '.'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                throw new IllegalArgumentException("invalid region name '" + name + "': use letters, digits, '.', '_' and '-'");
            }
        }
    }

    /** Creates {@code dir} (mode 0700) if needed. */
    public static void ensureDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                // createDirectories applies the umask; set the mode explicitly
                Files.setPosixFilePermissions(dir, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
            }
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot create region directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the default per-user region directory if it is empty, so that nothing of ours is left
     * in /dev/shm. A directory chosen with {@code -Dshmc.dir} is left alone. A process that creates a
     * region at the same moment recreates the directory ({@link SharedRegion#create} retries once).
     */
    public static void removeDefaultDirectoryIfEmpty() {
        if (System.getProperty("shmc.dir") != null) {
            return;
        }
        Path dir = ShmConfig.defaultDirectory();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (!entries.iterator().hasNext()) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException ignored) {
            // not empty after all, gone already, or not ours to remove
        }
    }

    /** Refuses, with the size and the space left, a region that the file system could not hold. */
    static void checkFreeSpace(Path dir, String name, long bytes) {
        try {
            FileStore store = Files.getFileStore(dir);
            long usable = store.getUsableSpace();
            if (bytes > usable) {
                throw new RegionException(RegionException.Reason.NO_SPACE, String.format(
                        "not enough space for region %s: needs %s, %s has %s free", name, human(bytes), dir, human(usable)));
            }
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot check free space in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Bytes in a short human form (binary units). */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format("%.1f %s", v, units[u]);
    }

    /** What {@code shmc stat}/{@code clean} know of a region file without mapping it read-write. */
    public record RegionInfo(Path path, String name, int kind, int version, long payloadLength, long creatorPid,
                             long creatorStartMillis, long createdAtMillis, boolean kept, boolean creatorAlive) {
        /** Stale: its creator is gone and it was not kept on purpose. */
        public boolean stale() {
            return !creatorAlive && !kept;
        }
    }

    /**
     * Reads a region file's header with plain reads (no mapping), or empty when the file is not
     * a published shmc region (foreign file, wrong magic, unpublished, too short).
     */
    public static Optional<RegionInfo> read(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(METADATA_OFFSET).order(ByteOrder.nativeOrder());
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            if (b.position() < METADATA_OFFSET || b.getLong(MAGIC_OFFSET) != MAGIC) {
                return Optional.empty();
            }
            int version = b.getInt(VERSION_OFFSET);
            int nameLength = Math.max(0, Math.min(NAME_CAPACITY, b.getInt(NAME_LENGTH_OFFSET)));
            byte[] nameBytes = new byte[nameLength];
            b.get(NAME_OFFSET, nameBytes);
            long pid = b.getLong(CREATOR_PID_OFFSET);
            long start = b.getLong(CREATOR_START_OFFSET);
            boolean kept = (b.getInt(FLAGS_OFFSET) & FLAG_KEEP) != 0;
            return Optional.of(new RegionInfo(path, new String(nameBytes, StandardCharsets.UTF_8), b.getInt(KIND_OFFSET), version,
                    b.getLong(PAYLOAD_LENGTH_OFFSET), pid, start, b.getLong(CREATED_AT_OFFSET), kept, Processes.isAlive(pid, start)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The shmc regions in {@code dir} (files that are not shmc regions are skipped). */
    public static List<RegionInfo> list(Path dir) {
        List<RegionInfo> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + FILE_SUFFIX)) {
            for (Path p : files) {
                read(p).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Deletes {@code path} if it is a shmc region whose creator is gone and that was not kept. */
    public static boolean reclaimIfStale(Path path) {
        Optional<RegionInfo> info = read(path);
        if (info.isPresent() && info.get().stale()) {
            SharedRegion.deleteQuietly(path);
            return true;
        }
        return false;
    }

    /** Removes every stale region in {@code dir}; returns what it removed. Only files with our magic are touched. */
    public static List<RegionInfo> reclaimStale(Path dir) {
        List<RegionInfo> removed = new ArrayList<>();
        for (RegionInfo info : list(dir)) {
            if (info.stale() && reclaimIfStale(info.path())) {
                removed.add(info);
            }
        }
        return removed;
    }
}
