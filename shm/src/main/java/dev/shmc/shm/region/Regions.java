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
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The region directory: where it is, names, listing, free-space checks and reclaiming stale
 * regions. Every directory and file goes through {@link OwnedPaths} first: a directory that is not
 * the user's own is never written into, and a file that is not a regular file of the user's is
 * skipped without being opened.
 *
 * <p><b>Where regions live.</b> {@code -Dshmc.dir=DIR} when set (used as it is, and refused if it
 * is not the user's own). Otherwise the default directory {@code /dev/shm/shmc-USER}: made with mode
 * 0700 when absent, and removed again when its last region goes. On a shared host another user may
 * have made a directory of that name first (it does not exist between runs); shmc then uses a
 * fresh private directory {@code /dev/shm/shmc-USER-XXXXXXXX} of its own instead, says so once, and
 * finds it again in later runs. A coordinator hands the directory it resolved to its worker JVMs.
 */
public final class Regions {
    private Regions() {
    }

    private static final Object LOCK = new Object();
    /** The private directory used instead of a default directory that is not ours; guarded by LOCK. */
    private static Path alternate;
    private static volatile boolean tmpWarned;
    private static volatile boolean alternateWarned;

    /**
     * The region directory in use (see the class comment). Not created here:
     * {@link #ensureDirectory} creates and checks it before anything is written.
     */
    public static Path directory() {
        Path configured = ShmConfig.configuredDirectory();
        if (configured != null) {
            return configured;
        }
        String resolved = System.getProperty(ShmConfig.RESOLVED_DIRECTORY_PROPERTY);
        if (resolved != null && !resolved.isBlank()) {
            return Path.of(resolved);
        }
        return defaultDirectory();
    }

    /** Whether the directory in use was chosen by the user ({@code -Dshmc.dir}) or handed down by a coordinator: never replaced. */
    public static boolean isConfigured() {
        return ShmConfig.configuredDirectory() != null || System.getProperty(ShmConfig.RESOLVED_DIRECTORY_PROPERTY) != null;
    }

    private static Path defaultDirectory() {
        Path parent = ShmConfig.defaultParent();
        if (!parent.startsWith("/dev/shm") && !tmpWarned) {
            tmpWarned = true;
            System.err.println("shmc: warning: /dev/shm is not available; regions go to " + parent + " (slower, disk-backed)");
        }
        Path preferred = parent.resolve(ShmConfig.defaultDirectoryName());
        Optional<String> problem = problemIfExists(preferred);
        if (problem.isEmpty()) {
            return preferred;
        }
        synchronized (LOCK) {
            if (alternate == null || problemIfExists(alternate).isPresent()) {
                alternate = findAlternate(parent, preferred.getFileName().toString())
                        .orElseGet(() -> parent.resolve(preferred.getFileName() + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt())));
            }
            if (!alternateWarned) {
                alternateWarned = true;
                System.err.println("shmc: warning: not using " + preferred + " (" + problem.get() + "); regions go to " + alternate
                        + ", a private directory of yours, instead");
            }
            return alternate;
        }
    }

    /** What is wrong with {@code dir}, or empty when it is absent or a private directory of ours. */
    private static Optional<String> problemIfExists(Path dir) {
        try {
            return OwnedPaths.problemWithDirectory(dir);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read its attributes: " + OwnedPaths.reason(e));
        }
    }

    /** A private directory of ours named {@code base-*} in {@code parent}, made by an earlier run: the first by name. */
    private static Optional<Path> findAlternate(Path parent, String base) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, base + "-*")) {
            for (Path p : entries) {
                if (p.getFileName().toString().matches(java.util.regex.Pattern.quote(base) + "-[0-9a-f]{8}") && OwnedPaths.isPrivateDirectory(p)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return found.stream().min(Comparator.comparing(Path::toString));
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

    /**
     * Makes {@code dir} (mode 0700) if it does not exist and checks that it is the user's own
     * ({@link OwnedPaths#ensurePrivateDirectory}). When {@code dir} is the default directory and
     * another user took its name meanwhile, the private alternative is made and returned instead.
     *
     * @return the directory to use: {@code dir}, or the default directory's alternative
     * @throws RegionException {@link RegionException.Reason#NOT_OURS} when a configured directory is not the user's own
     */
    public static Path ensureDirectory(Path dir) {
        try {
            return OwnedPaths.ensurePrivateDirectory(dir, "region directory");
        } catch (RegionException e) {
            // the default directory's name was taken by another user a moment ago: use the alternative
            if (e.reason() == RegionException.Reason.NOT_OURS && !isConfigured() && isDefaultChoice(dir)) {
                Path instead = defaultDirectory();
                if (!instead.equals(dir)) {
                    return OwnedPaths.ensurePrivateDirectory(instead, "region directory");
                }
            }
            throw e;
        }
    }

    private static boolean isDefaultChoice(Path dir) {
        synchronized (LOCK) {
            return dir.equals(ShmConfig.defaultParent().resolve(ShmConfig.defaultDirectoryName())) || dir.equals(alternate);
        }
    }

    /**
     * Removes the default region directory (or its alternative) when it is empty, so that nothing
     * of ours is left in /dev/shm. A configured directory is left alone. A process that creates a
     * region at the same moment makes the directory again ({@link SharedRegion#create} retries).
     */
    public static void removeDefaultDirectoryIfEmpty() {
        if (ShmConfig.configuredDirectory() != null) {
            return;
        }
        Path dir = directory();
        if (!OwnedPaths.isPrivateDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (!entries.iterator().hasNext()) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException ignored) {
            // not empty after all, or gone already
        }
    }

    /** Refuses, with the size and the space left, a region that the file system could not hold. */
    static void checkFreeSpace(Path dir, String name, long bytes) {
        long usable = usableSpace(dir);
        if (bytes > usable) {
            throw noSpace(dir, name, bytes, usable);
        }
    }

    static RegionException noSpace(Path dir, String name, long bytes, long usable) {
        return new RegionException(RegionException.Reason.NO_SPACE, String.format(
                "not enough space for region %s: it needs %s, %s has %s free", name, human(bytes), dir, human(usable)));
    }

    static long usableSpace(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            return store.getUsableSpace();
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

    /**
     * What {@code shmc stat}/{@code clean} know of a region file without mapping it.
     *
     * @param path       the file
     * @param name       the region's name: its file name without {@value RegionDescriptor#FILE_SUFFIX}
     * @param headerName the name its header gives (the same, unless the file was renamed or damaged)
     * @param damage     what is wrong with its header (then the other fields may be garbage), or null
     */
    public record RegionInfo(Path path, String name, String headerName, int kind, int version, long payloadLength,
                             long creatorPid, long creatorStartMillis, long createdAtMillis, boolean kept, boolean creatorAlive,
                             String damage) {
        /**
         * Stale: its creator is gone and it was not kept on purpose (a damaged header's keep flag
         * means nothing, so a damaged region whose creator is gone is stale).
         */
        public boolean stale() {
            return !creatorAlive && (!kept || damage != null);
        }
    }

    /** A file in the region directory that shmc did not open or did not take for a region, and why. */
    public record Skipped(Path path, String reason) {
    }

    /** The regions of a directory, and the {@code *.region} entries that were skipped. */
    public record Listing(Path directory, List<RegionInfo> regions, List<Skipped> skipped) {
    }

    /**
     * Reads a region file's header with plain reads (no mapping): empty when it is not a shmc region
     * of the user's (not a regular file of the user's, no shmc magic, or still being created).
     */
    public static Optional<RegionInfo> read(Path path) {
        return inspect(path) instanceof RegionInfo info ? Optional.of(info) : Optional.empty();
    }

    /** A RegionInfo, a Skipped, or null (absent, or being created this moment). */
    private static Object inspect(Path path) {
        Optional<String> problem;
        try {
            problem = OwnedPaths.problemWithFile(path);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            return new Skipped(path, "cannot read its attributes: " + OwnedPaths.reason(e));
        }
        if (problem.isPresent()) {
            return new Skipped(path, path.getFileName() + " " + problem.get());
        }
        ByteBuffer b = ByteBuffer.allocate(METADATA_OFFSET).order(ByteOrder.nativeOrder());
        long fileLength;
        long modified;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            fileLength = ch.size();
            modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            return new Skipped(path, "cannot read it: " + OwnedPaths.reason(e));
        }
        if (b.position() < METADATA_OFFSET || b.getLong(MAGIC_OFFSET) != MAGIC) {
            return new Skipped(path, "not an shmc region (no shmc magic)");
        }
        String fileName = path.getFileName().toString();
        String name = fileName.endsWith(FILE_SUFFIX) ? fileName.substring(0, fileName.length() - FILE_SUFFIX.length()) : fileName;
        int version = b.getInt(VERSION_OFFSET);
        long headerLength = b.getLong(HEADER_LENGTH_OFFSET);
        long payloadLength = b.getLong(PAYLOAD_LENGTH_OFFSET);
        int nameLength = b.getInt(NAME_LENGTH_OFFSET);
        long pid = b.getLong(CREATOR_PID_OFFSET);
        long start = b.getLong(CREATOR_START_OFFSET);
        String headerName = "";
        String damage = null;
        if (version == 0) {
            if (System.currentTimeMillis() - modified < ShmConfig.ATTACH_DEADLINE.toMillis()) {
                return null; // its creator is publishing it now
            }
            damage = "never finished by its creator (no version published)";
        } else if (major(version) != VERSION_MAJOR) {
            damage = "layout version " + major(version) + "." + minor(version) + "; this shmc reads major version " + VERSION_MAJOR;
        } else if (nameLength < 0 || nameLength > NAME_CAPACITY) {
            damage = "corrupt header (name length " + nameLength + ")";
        } else if (headerLength < METADATA_OFFSET + METADATA_LENGTH || headerLength > (1 << 20) || payloadLength < 0
                || headerLength + payloadLength != fileLength) {
            damage = "corrupt or truncated header: it says " + headerLength + " + " + payloadLength + " bytes, the file has " + fileLength;
        }
        if (damage == null) {
            byte[] nameBytes = new byte[nameLength];
            b.get(NAME_OFFSET, nameBytes);
            headerName = new String(nameBytes, StandardCharsets.UTF_8);
        }
        boolean kept = (b.getInt(FLAGS_OFFSET) & FLAG_KEEP) != 0;
        return new RegionInfo(path, name, headerName, b.getInt(KIND_OFFSET), version, damage == null ? payloadLength : -1, pid, start,
                b.getLong(CREATED_AT_OFFSET), kept, Processes.isAlive(pid, start), damage);
    }

    /**
     * The shmc regions in {@code dir}, and the {@code *.region} entries skipped without being
     * opened (not a regular file of the user's) or not taken for regions (no shmc magic). Nothing
     * when {@code dir} does not exist.
     *
     * @throws RegionException {@link RegionException.Reason#NOT_OURS} when {@code dir} is not the user's own
     */
    public static Listing list(Path dir) {
        List<RegionInfo> regions = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Optional<String> problem;
        try {
            problem = OwnedPaths.problemWithDirectory(dir);
        } catch (NoSuchFileException absent) {
            return new Listing(dir, regions, skipped);
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot read " + dir + ": " + OwnedPaths.reason(e), e);
        }
        if (problem.isPresent()) {
            throw new RegionException(RegionException.Reason.NOT_OURS, "refusing to read region directory " + dir + ": " + problem.get());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + FILE_SUFFIX)) {
            for (Path p : files) {
                Object entry = inspect(p);
                if (entry instanceof RegionInfo info) {
                    regions.add(info);
                } else if (entry instanceof Skipped s) {
                    skipped.add(s);
                }
            }
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        regions.sort(Comparator.comparing(RegionInfo::name));
        skipped.sort(Comparator.comparing(s -> s.path().toString()));
        return new Listing(dir, regions, skipped);
    }

    /** Deletes {@code path} if it is a region of the user's whose creator is gone and that was not kept. */
    public static boolean reclaimIfStale(Path path) {
        Optional<RegionInfo> info = read(path);
        if (info.isPresent() && info.get().stale()) {
            SharedRegion.deleteQuietly(path);
            return true;
        }
        return false;
    }

    /**
     * Removes every stale region in {@code dir}; returns what it removed. Only regular files of the
     * user's with the shmc magic are touched; nothing happens when {@code dir} is absent or not the
     * user's own.
     */
    public static List<RegionInfo> reclaimStale(Path dir) {
        List<RegionInfo> removed = new ArrayList<>();
        if (!OwnedPaths.isPrivateDirectory(dir)) {
            return removed;
        }
        for (RegionInfo info : list(dir).regions()) {
            if (info.stale() && reclaimIfStale(info.path())) {
                removed.add(info);
            }
        }
        return removed;
    }
}
