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
import java.util.function.Consumer;
import java.util.function.Supplier;

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
 *
 * <p><b>When /dev/shm is small</b> (a container's is 64 MB unless it is given more), a region that
 * the default directory cannot hold goes to the {@linkplain #fallbackDirectory() fallback directory}
 * instead, a private directory of the user's on disk ({@code ~/.cache/shmc/regions-HOST}): still
 * mapped shared, still zero-copy, only slower to page in. Each such region is announced in one line
 * ({@link #withNotices}) that says how to give /dev/shm more room. A configured directory is never
 * replaced: a region it cannot hold is refused, with the same hint. Names are unique over both
 * directories; attaching by name, listing and reclaiming look in both.
 */
public final class Regions {
    private Regions() {
    }

    private static final Object LOCK = new Object();
    /** The private directory used instead of a default directory that is not ours; guarded by LOCK. */
    private static Path alternate;
    private static volatile boolean tmpWarned;
    private static volatile boolean alternateWarned;
    /** Whether this process announced a region in the fallback directory with the whole hint already. */
    private static volatile boolean fallbackNoticed;
    /** Where this thread's notices go (a command's stderr); System.err when none was set. */
    private static final InheritableThreadLocal<Consumer<String>> NOTICES = new InheritableThreadLocal<>();

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

    /**
     * The disk-backed directory regions go to when the default region directory lacks the space
     * (see the class comment), or null when there is none: a directory is configured
     * ({@code -Dshmc.dir}, {@code SHMC_DIR}), which is never replaced, or {@code -Dshmc.fallback=false}.
     */
    public static Path fallbackDirectory() {
        if (ShmConfig.configuredDirectory() != null || !ShmConfig.FALLBACK) {
            return null;
        }
        return ShmConfig.fallbackDirectory();
    }

    /** The directories this user's regions may be in: the region directory, then the fallback directory if there is one. */
    public static List<Path> directories() {
        Path fallback = fallbackDirectory();
        Path dir = directory();
        return fallback == null || fallback.equals(dir) ? List.of(dir) : List.of(dir, fallback);
    }

    /**
     * The file of region {@code name}: in the region directory, else in the fallback directory
     * when it is there, else (absent) where it would be in the region directory. Its directory is
     * checked to be the user's own before anything in it is looked at.
     *
     * @throws RegionException {@link RegionException.Reason#NOT_OURS} when that directory is not the user's own
     */
    public static Path locate(String name) {
        validateName(name);
        Path dir = directory();
        Path fallback = fallbackDirectory();
        if (fallback != null && !fallback.equals(dir)) {
            Path there = fallback.resolve(name + FILE_SUFFIX);
            if (!Files.exists(dir.resolve(name + FILE_SUFFIX), LinkOption.NOFOLLOW_LINKS) && Files.exists(there, LinkOption.NOFOLLOW_LINKS)) {
                refuseUnlessOurs(fallback);
                return there;
            }
        }
        return dir.resolve(name + FILE_SUFFIX);
    }

    private static void refuseUnlessOurs(Path dir) {
        Optional<String> problem;
        try {
            problem = OwnedPaths.problemWithDirectory(dir);
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot read " + dir + ": " + OwnedPaths.reason(e), e);
        }
        if (problem.isPresent()) {
            throw new RegionException(RegionException.Reason.NOT_OURS, "refusing to use region directory " + dir + ": " + problem.get());
        }
    }

    /**
     * Runs {@code action} with this thread's (and the threads it starts') notices, such as a region
     * sent to the fallback directory, going to {@code sink} rather than System.err: a command run
     * in the service prints them on its client's stderr.
     */
    public static <T> T withNotices(Consumer<String> sink, Supplier<T> action) {
        Consumer<String> before = NOTICES.get();
        NOTICES.set(sink);
        try {
            return action.get();
        } finally {
            NOTICES.set(before);
        }
    }

    static void notice(String line) {
        Consumer<String> sink = NOTICES.get();
        if (sink != null) {
            sink.accept(line);
        } else {
            System.err.println(line);
        }
    }

    /**
     * The directory a new region of {@code fileLength} bytes goes to: {@code dir} (made and checked
     * already) when it has the space; else, when {@code dir} is the default region directory, the
     * fallback directory (made and checked here), announced in one line. Neither holding it refuses
     * it with the space each has and how to give /dev/shm more.
     */
    static Path placeFor(Path dir, String name, long fileLength) {
        long usable = usableSpace(dir);
        if (fileLength <= usable) {
            return dir;
        }
        Path fallback = fallbackDirectory();
        if (fallback == null || !(isDefaultChoice(dir) || dir.equals(directory())) || fallback.equals(dir)) {
            throw noSpace(dir, name, fileLength, usable);
        }
        Path there;
        try {
            there = ensureFallbackDirectory(fallback);
        } catch (RegionException e) {
            throw new RegionException(RegionException.Reason.NO_SPACE, String.format("not enough space for region %s: it needs %s, %s has"
                    + " %s free; the fallback directory cannot be used: %s", name, human(fileLength), dir, human(usable), e.getMessage()));
        }
        long usableThere = usableSpace(there);
        if (fileLength > usableThere) {
            removeIfEmpty(there);
            throw new RegionException(RegionException.Reason.NO_SPACE,
                    shortOfSpace("region " + name, fileLength, dir, usable, there, usableThere));
        }
        removeIfEmpty(dir); // made for this region a moment ago, perhaps
        if (fallbackNoticed) {
            notice(String.format("shmc: region %s (%s) goes to %s too", name, human(fileLength), there));
        } else {
            fallbackNoticed = true;
            notice(String.format("shmc: region %s (%s) does not fit in %s (%s free); it goes to %s instead: disk-backed, still shared"
                    + " without copies, slower to page in%s", name, human(fileLength), dir, human(usable), there, shmHint(dir, fileLength, false)));
        }
        return there;
    }

    /**
     * Where new regions of {@code bytes} bytes in all would go now, found without creating anything:
     * the region directory, or the fallback directory when only that one has the space.
     *
     * @param directory where they would go
     * @param fallback  whether that is the fallback directory
     * @param problem   why neither can hold them (one line, with the hint), or null when one can
     */
    public record Placement(Path directory, boolean fallback, String problem) {
    }

    /**
     * Where new regions of {@code bytes} bytes in all would go ({@link Placement}); {@code what}
     * names them in the problem ("8,000,000 doubles").
     *
     * @throws RegionException when the free space cannot be read
     */
    public static Placement placement(long bytes, String what) {
        Path dir = directory();
        long usable = usableSpaceNear(dir);
        if (bytes <= usable) {
            return new Placement(dir, false, null);
        }
        Path fallback = fallbackDirectory();
        if (fallback == null || fallback.equals(dir)) {
            return new Placement(dir, false, shortOfSpace(what, bytes, dir, usable, null, 0));
        }
        long usableThere = usableSpaceNear(fallback);
        if (bytes <= usableThere) {
            return new Placement(fallback, true, null);
        }
        return new Placement(dir, false, shortOfSpace(what, bytes, dir, usable, fallback, usableThere));
    }

    /**
     * Why {@code what} does not fit, in one line with the hint: what it needs, what {@code dir} has
     * free, and what the fallback directory has ({@code fallback} non-null) or that a configured
     * directory is never replaced.
     */
    private static String shortOfSpace(String what, long bytes, Path dir, long usable, Path fallback, long usableThere) {
        String elsewhere = fallback != null ? " and the fallback directory " + fallback + " has " + human(usableThere)
                : ShmConfig.configuredDirectory() != null ? " (a configured directory, -Dshmc.dir or SHMC_DIR, is never replaced by another)" : "";
        return String.format("not enough space for %s: it needs %s, %s has %s free%s%s", what, human(bytes), dir, human(usable), elsewhere,
                shmHint(dir, bytes, true));
    }

    /**
     * The nearest of {@code path} and its ancestors that exists: the file system a directory is, or
     * would be made, on; nothing is created for it.
     */
    public static Path nearestExisting(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }

    /** The usable space of the file system {@code dir} is, or would be made, on. */
    private static long usableSpaceNear(Path dir) {
        return usableSpace(nearestExisting(dir));
    }

    /** Whether {@code dir} is, or is in, the default /dev/shm. */
    private static boolean onDevShm(Path dir) {
        return dir.toAbsolutePath().startsWith("/dev/shm");
    }

    /**
     * How to give /dev/shm the room for {@code bytes} more (empty for a directory elsewhere), as the
     * end of a sentence: {@code refused} when the region was refused, else it went to the fallback directory.
     */
    public static String shmHint(Path dir, long bytes, boolean refused) {
        if (!onDevShm(dir)) {
            return "";
        }
        long gib = Math.max(1, (bytes + (bytes >> 2) + (1L << 30) - 1) >> 30);
        return String.format(". %s give /dev/shm more room: docker run --shm-size=%dg, or in Kubernetes an emptyDir"
                + " with medium: Memory mounted at /dev/shm (README: In containers)", refused ? "To run it," : "For full speed", gib);
    }

    /** Makes the fallback directory (mode 0700, its parents too) and checks that it is the user's own. */
    private static Path ensureFallbackDirectory(Path fallback) {
        Path parent = fallback.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new RegionException(RegionException.Reason.IO, "cannot create " + parent + ": " + OwnedPaths.reason(e), e);
            }
        }
        return OwnedPaths.ensurePrivateDirectory(fallback, "fallback region directory");
    }

    /**
     * Refuses a new region {@code name} that a live region of that name holds in the other
     * directory of the two ({@link #directories()}); a stale one there is reclaimed.
     */
    static void checkUniqueName(Path dir, String name) {
        List<Path> both = directories();
        if (!both.contains(dir)) {
            return; // a directory of its own (Engine.Builder.directory, SharedRegion.create(dir, ...)): names are its own
        }
        for (Path other : both) {
            if (!other.equals(dir)) {
                Path there = other.resolve(name + FILE_SUFFIX);
                if (Files.exists(there, LinkOption.NOFOLLOW_LINKS) && !reclaimIfStale(there)) {
                    throw new RegionException(RegionException.Reason.EXISTS, "region " + name + " already exists (" + there + ")");
                }
            }
        }
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
     * Removes the default region directory (or its alternative) and the fallback directory when
     * they are empty, so that nothing of ours is left in /dev/shm or the user's cache. A configured
     * directory is left alone. A process that creates a region at the same moment makes the
     * directory again ({@link SharedRegion#create} retries).
     */
    public static void removeDefaultDirectoryIfEmpty() {
        if (ShmConfig.configuredDirectory() != null) {
            return;
        }
        removeIfEmpty(directory());
        Path fallback = fallbackDirectory();
        if (fallback != null && removeIfEmpty(fallback) && fallback.getParent() != null
                && fallback.getParent().equals(ShmConfig.fallbackParent()) && OwnedPaths.isPrivateDirectory(fallback.getParent())) {
            removeIfEmpty(fallback.getParent()); // ~/.cache/shmc, made with it
        }
    }

    /** Deletes {@code dir} if it is an empty private directory of ours; whether it is gone. */
    private static boolean removeIfEmpty(Path dir) {
        if (!OwnedPaths.isPrivateDirectory(dir)) {
            return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException notEmptyAfterAll) {
            return false; // a region was made in it meanwhile
        }
    }

    static RegionException noSpace(Path dir, String name, long bytes, long usable) {
        return new RegionException(RegionException.Reason.NO_SPACE, shortOfSpace("region " + name, bytes, dir, usable, null, 0));
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
        boolean npy;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            fileLength = ch.size();
            ByteBuffer first = ByteBuffer.allocate(Long.BYTES);
            while (first.hasRemaining() && ch.read(first, first.position()) > 0) {
                // fill
            }
            // the npy layout keeps the header in the file's last page
            npy = isNpy(first.array()) && fileLength >= NPY_PREAMBLE_LENGTH + HEADER_LENGTH;
            long at = npy ? fileLength - HEADER_LENGTH : 0;
            while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                // fill
            }
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
        } else if (headerLength < (npy ? 16 : METADATA_OFFSET + METADATA_LENGTH) || headerLength > (1 << 20) || payloadLength < 0
                || payloadLength > fileLength || RegionDescriptor.fileLength(npy, headerLength, payloadLength) != fileLength) {
            damage = "corrupt or truncated header: it says " + headerLength + " + " + payloadLength + " bytes" + (npy ? " (npy layout)" : "")
                    + ", the file has " + fileLength;
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

    /**
     * The listings of the region directory and, when it exists, of the fallback directory
     * ({@link #list}); regions sorted by name in each. A fallback directory that is not the user's
     * own is listed as skipped, unopened.
     *
     * @throws RegionException {@link RegionException.Reason#NOT_OURS} when the region directory is not the user's own
     */
    public static List<Listing> listAll() {
        List<Listing> listings = new ArrayList<>();
        for (Path dir : directories()) {
            if (listings.isEmpty()) {
                listings.add(list(dir));
            } else if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                // a fallback directory that is not ours is skipped unopened, not a reason to refuse the listing
                Optional<String> problem = problemIfExists(dir);
                listings.add(problem.isEmpty() ? list(dir)
                        : new Listing(dir, List.of(), List.of(new Skipped(dir, "fallback directory not used: " + problem.get()))));
            }
        }
        return listings;
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
