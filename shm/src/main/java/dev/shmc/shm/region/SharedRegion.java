package dev.shmc.shm.region;

import static dev.shmc.shm.region.RegionDescriptor.*;

import dev.shmc.shm.ShmConfig;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A memory-mapped file shared between processes: a {@link RegionDescriptor header} and a payload
 * of any size (far beyond 2 GiB). One process creates it; any number attach to it by name or path
 * in O(1) (mapping is lazy; pages are touched on use).
 *
 * <p>Lifecycle: {@link #close()} unmaps deterministically. The creator's close also deletes the
 * file unless {@link #keep()} was called; a region whose creator died is stale and
 * {@link Regions#reclaimStale} removes it. Files are created with mode 0600 in a directory of mode
 * 0700 that must be the user's own ({@link OwnedPaths}), so other users cannot attach; a file is
 * opened only if it is a regular file of the user's. The creator reserves the file's space
 * ({@link ShmConfig#RESERVE_SPACE}), so that a mapped page never faults for want of space.
 *
 * <p>A region handle may be used from many threads; {@code close} must not race with accesses.
 */
public final class SharedRegion implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final String name;
    private final Path path;
    private final Arena arena;
    private final MemorySegment whole;
    private final MemorySegment header;
    private final MemorySegment payload;
    private final boolean npy;
    private final boolean owner;
    private final boolean readOnly;
    private volatile boolean closed;
    private boolean kept;
    /** The file's identity (device and inode) when it was mapped, or null when unknown. */
    private final Object fileKey;

    private SharedRegion(String name, Path path, Arena arena, MemorySegment whole, long headerOffset, long payloadOffset,
                         long payloadLength, boolean owner, boolean readOnly) {
        this.name = name;
        this.path = path;
        this.arena = arena;
        this.whole = whole;
        this.header = whole.asSlice(headerOffset, HEADER_LENGTH);
        this.payload = whole.asSlice(payloadOffset, payloadLength);
        this.npy = headerOffset != 0;
        this.owner = owner;
        this.readOnly = readOnly;
        this.fileKey = fileKey(path);
    }

    // ------------------------------------------------------------------ create

    /** Creates region {@code name} in the default directory. See {@link #create(Path, String, int, long)}. */
    public static SharedRegion create(String name, int kind, long payloadBytes) {
        return create(Regions.directory(), name, kind, payloadBytes);
    }

    /**
     * Creates a region file {@code dir/name.region} with a payload of {@code payloadBytes} bytes
     * (zero-filled; its space reserved, see {@link ShmConfig#RESERVE_SPACE}) and publishes its header.
     *
     * @throws IllegalArgumentException for an invalid name or a negative size
     * @throws RegionException          when a live region of that name exists or space is short
     */
    public static SharedRegion create(Path dir, String name, int kind, long payloadBytes) {
        return create(dir, name, kind, payloadBytes, metadata -> {
        });
    }

    /**
     * Creates region {@code name} in the default directory, its metadata filled by
     * {@code metadataWriter}. See {@link #create(Path, String, int, long, Consumer)}.
     */
    public static SharedRegion create(String name, int kind, long payloadBytes, Consumer<MemorySegment> metadataWriter) {
        return create(Regions.directory(), name, kind, payloadBytes, metadataWriter);
    }

    /**
     * Like {@link #create(Path, String, int, long)}, but {@code metadataWriter} fills the
     * {@link #metadata() metadata section} ({@link RegionDescriptor#METADATA_LENGTH} bytes)
     * before the header is published, so that no attacher ever sees the region without it.
     */
    public static SharedRegion create(Path dir, String name, int kind, long payloadBytes, Consumer<MemorySegment> metadataWriter) {
        return create(dir, name, kind, payloadBytes, null, metadataWriter);
    }

    /**
     * Like {@link #create(Path, String, int, long, Consumer)}, in the npy layout when
     * {@code npyPreamble} is given ({@link RegionDescriptor}): the file starts with those
     * {@link RegionDescriptor#NPY_PREAMBLE_LENGTH} bytes, a .npy header that describes the payload,
     * so that numpy and ND4J read the payload as the array it is; the region's own header is then
     * the file's last page. Null: the classic layout.
     */
    public static SharedRegion create(Path dir, String name, int kind, long payloadBytes, byte[] npyPreamble,
                                      Consumer<MemorySegment> metadataWriter) {
        Regions.validateName(name);
        boolean npy = npyPreamble != null;
        if (npy && (npyPreamble.length != NPY_PREAMBLE_LENGTH || !isNpy(npyPreamble))) {
            throw new IllegalArgumentException("an npy preamble is " + NPY_PREAMBLE_LENGTH + " bytes starting with the .npy magic");
        }
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("region size must not be negative: " + payloadBytes);
        }
        if (payloadBytes > Long.MAX_VALUE - 2L * PAGE - HEADER_LENGTH) {
            throw new IllegalArgumentException("region size too large: " + payloadBytes);
        }
        long payloadOffset = npy ? NPY_PREAMBLE_LENGTH : HEADER_LENGTH;
        long fileLength = RegionDescriptor.fileLength(npy, payloadOffset, payloadBytes);
        long headerOffset = npy ? fileLength - HEADER_LENGTH : 0;
        Path path = null;
        FileChannel opened = null;
        for (int attempt = 0; opened == null; attempt++) {
            // the default directory, or the fallback directory when the default one cannot hold it
            Path inDir = Regions.placeFor(Regions.ensureDirectory(dir), name, fileLength);
            Regions.checkUniqueName(inDir, name);
            path = inDir.resolve(name + FILE_SUFFIX);
            opened = openNew(path, name, attempt);
        }
        Arena arena = Arena.ofShared();
        try (FileChannel channel = opened) {
            reserve(channel, path, name, fileLength);
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileLength, arena);
            if (npy) {
                // first: an attacher that sees the .npy magic looks for the header at the end
                MemorySegment.copy(npyPreamble, 0, whole, ValueLayout.JAVA_BYTE, 0, npyPreamble.length);
            }
            writeHeader(whole.asSlice(headerOffset, HEADER_LENGTH), name, kind, payloadOffset, payloadBytes, metadataWriter);
            return new SharedRegion(name, path, arena, whole, headerOffset, payloadOffset, payloadBytes, true, false);
        } catch (IOException | RuntimeException e) {
            arena.close();
            deleteQuietly(path);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new RegionException(RegionException.Reason.IO, "cannot create region " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives the new file its length: with its blocks reserved ({@link ShmConfig#RESERVE_SPACE}), so
     * that no page of the mapping can fault later for want of space, else sparsely (one byte at the
     * end, no pages until they are touched).
     */
    private static void reserve(FileChannel channel, Path path, String name, long fileLength) throws IOException {
        if (ShmConfig.RESERVE_SPACE && Posix.canReserve()) {
            int error = Posix.fallocate(path, fileLength);
            if (error == 0) {
                return;
            }
            if (error == Posix.ENOSPC) {
                throw Regions.noSpace(path.getParent(), name, fileLength, Regions.usableSpace(path.getParent()));
            }
            if (error == Posix.EFBIG) {
                throw new RegionException(RegionException.Reason.NO_SPACE, "region " + name + " of " + Regions.human(fileLength)
                        + " is larger than the file system of " + path.getParent() + " allows");
            }
            // anything else (a file system without fallocate that glibc could not emulate): sparse, as before
        }
        channel.write(ByteBuffer.wrap(new byte[1]), fileLength - 1);
    }

    /** Opens a new region file (O_EXCL, no link followed, mode 0600); null when its directory vanished (attempt 0 only: retry). */
    private static FileChannel openNew(Path path, String name, int attempt) {
        try {
            return FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // A stale region (creator dead) of the same name is reclaimed once; a live one is refused.
            if (attempt == 0 && Regions.reclaimIfStale(path)) {
                return null;
            }
            throw new RegionException(RegionException.Reason.EXISTS, "region " + name + " already exists (" + path + ")");
        } catch (NoSuchFileException e) {
            // the directory was removed (an engine that closed removes it when empty): made again on the next attempt
            if (attempt == 0) {
                return null;
            }
            throw new RegionException(RegionException.Reason.IO, "cannot create region " + name + ": " + e, e);
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot create region " + name + ": " + OwnedPaths.reason(e), e);
        }
    }

    private static void writeHeader(MemorySegment header, String name, int kind, long payloadOffset, long payloadBytes,
                                    Consumer<MemorySegment> metadataWriter) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        header.set(ValueLayout.JAVA_LONG, MAGIC_OFFSET, MAGIC);
        header.set(ValueLayout.JAVA_INT, KIND_OFFSET, kind);
        header.set(ValueLayout.JAVA_LONG, HEADER_LENGTH_OFFSET, payloadOffset);
        header.set(ValueLayout.JAVA_LONG, PAYLOAD_LENGTH_OFFSET, payloadBytes);
        header.set(ValueLayout.JAVA_LONG, CREATOR_PID_OFFSET, Processes.selfPid());
        header.set(ValueLayout.JAVA_LONG, CREATOR_START_OFFSET, Processes.selfStartMillis());
        header.set(ValueLayout.JAVA_LONG, CREATED_AT_OFFSET, System.currentTimeMillis());
        header.set(ValueLayout.JAVA_INT, FLAGS_OFFSET, 0);
        header.set(ValueLayout.JAVA_INT, NAME_LENGTH_OFFSET, nameBytes.length);
        MemorySegment.copy(nameBytes, 0, header, ValueLayout.JAVA_BYTE, NAME_OFFSET, nameBytes.length);
        metadataWriter.accept(header.asSlice(METADATA_OFFSET, METADATA_LENGTH));
        // release: an attacher reads the other fields only after it sees a non-zero version
        INT.setRelease(header, (long) VERSION_OFFSET, VERSION);
    }

    // ------------------------------------------------------------------ attach

    /** Attaches read-write to region {@code name} in the region directory, or in the fallback directory ({@link Regions#locate}). */
    public static SharedRegion attach(String name) {
        Path file = Regions.locate(name);
        Path dir = file.getParent();
        Optional<String> problem;
        try {
            problem = OwnedPaths.problemWithDirectory(dir);
        } catch (NoSuchFileException e) {
            throw new RegionException(RegionException.Reason.NOT_FOUND, "no region " + name + " (" + dir + " does not exist)");
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot read " + dir + ": " + OwnedPaths.reason(e), e);
        }
        if (problem.isPresent()) {
            throw new RegionException(RegionException.Reason.NOT_OURS, "refusing to use region directory " + dir + ": " + problem.get());
        }
        return attach(file, false);
    }

    /**
     * Attaches to the region file at {@code path}, waiting up to
     * {@link ShmConfig#ATTACH_DEADLINE} for its creator to publish the header.
     *
     * @throws RegionException if the file is missing, foreign, truncated, corrupt or of a newer major version
     */
    public static SharedRegion attach(Path path, boolean readOnly) {
        checkOwnFile(path);
        Arena arena = Arena.ofShared();
        try (FileChannel channel = readOnly ? FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long fileLength = channel.size();
            if (fileLength < HEADER_LENGTH) {
                throw bad(path, "is truncated or not a shmc region (" + fileLength + " bytes, a header alone is " + HEADER_LENGTH + ")");
            }
            boolean npy = awaitLayout(channel, path);
            long headerOffset = npy ? fileLength - HEADER_LENGTH : 0;
            if (npy && (headerOffset < NPY_PREAMBLE_LENGTH || headerOffset % PAGE != 0)) {
                throw bad(path, "is a .npy file that shmc did not make (no shmc header at its end) or a truncated one");
            }
            MemorySegment header = channel.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE,
                    headerOffset, HEADER_LENGTH, arena);
            int version = awaitVersion(header, path, npy);
            // first: a newer major version may lay out everything after the version differently
            if (major(version) != VERSION_MAJOR) {
                throw bad(path, "has layout version " + major(version) + "." + minor(version)
                        + "; this shmc reads major version " + VERSION_MAJOR);
            }
            long payloadOffset = header.get(ValueLayout.JAVA_LONG, HEADER_LENGTH_OFFSET);
            long payloadLength = header.get(ValueLayout.JAVA_LONG, PAYLOAD_LENGTH_OFFSET);
            int nameLength = header.get(ValueLayout.JAVA_INT, NAME_LENGTH_OFFSET);
            if (payloadOffset < (npy ? 16 : METADATA_OFFSET + METADATA_LENGTH) || payloadOffset > (1 << 20)
                    || payloadLength < 0 || nameLength < 0 || nameLength > NAME_CAPACITY) {
                throw bad(path, "has a corrupt header (payload offset " + payloadOffset + ", payload length " + payloadLength + ")");
            }
            // a payload longer than the file: truncated (and no page rounding that could overflow)
            long expected = payloadLength > fileLength ? payloadOffset + payloadLength : RegionDescriptor.fileLength(npy, payloadOffset, payloadLength);
            if (expected != fileLength) {
                throw bad(path, "is truncated or corrupt: header says " + expected + " bytes, file has " + fileLength);
            }
            byte[] nameBytes = header.asSlice(NAME_OFFSET, nameLength).toArray(ValueLayout.JAVA_BYTE);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            MemorySegment whole = channel.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE,
                    0, fileLength, arena);
            return new SharedRegion(name, path, arena, whole, headerOffset, payloadOffset, payloadLength, false, readOnly);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new RegionException(RegionException.Reason.NOT_FOUND, "no region at " + path);
        } catch (AccessDeniedException e) {
            arena.close();
            throw new RegionException(RegionException.Reason.BAD_FILE, "no permission to open " + path);
        } catch (IOException e) {
            arena.close();
            throw new RegionException(RegionException.Reason.IO, "cannot attach " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Refuses, before anything opens it, a path that is not a regular file of the user's (a FIFO would block the open). */
    private static void checkOwnFile(Path path) {
        Optional<String> problem;
        try {
            problem = OwnedPaths.problemWithFile(path);
        } catch (NoSuchFileException e) {
            throw new RegionException(RegionException.Reason.NOT_FOUND, "no region at " + path);
        } catch (IOException e) {
            throw new RegionException(RegionException.Reason.IO, "cannot read " + path + ": " + OwnedPaths.reason(e), e);
        }
        if (problem.isPresent()) {
            throw new RegionException(RegionException.Reason.BAD_FILE, "refusing to open " + path + ": it " + problem.get());
        }
    }

    /**
     * Which layout the file has, from its first bytes: true for the npy layout (the .npy magic),
     * false for the classic one (the shmc magic). A young file whose first bytes are still zero is
     * being created: waited for, up to the attach deadline.
     */
    private static boolean awaitLayout(FileChannel channel, Path path) throws IOException {
        long deadline = System.nanoTime() + ShmConfig.ATTACH_DEADLINE.toNanos();
        boolean young = System.currentTimeMillis() - Files.getLastModifiedTime(path).toMillis() < ShmConfig.ATTACH_DEADLINE.toMillis();
        while (true) {
            ByteBuffer first = ByteBuffer.allocate(Long.BYTES).order(java.nio.ByteOrder.nativeOrder());
            while (first.hasRemaining() && channel.read(first, first.position()) > 0) {
                // fill
            }
            if (isNpy(first.array())) {
                return true;
            }
            if (first.getLong(0) == MAGIC || first.getLong(0) != 0 || !young || System.nanoTime() > deadline) {
                return false; // classic, or not a region at all: the header check says which
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static int awaitVersion(MemorySegment header, Path path, boolean npy) throws IOException {
        long deadline = System.nanoTime() + ShmConfig.ATTACH_DEADLINE.toNanos();
        boolean young = System.currentTimeMillis() - Files.getLastModifiedTime(path).toMillis() < ShmConfig.ATTACH_DEADLINE.toMillis();
        while (true) {
            // acquire: pairs with the creator's release store of the version
            int version = (int) INT.getAcquire(header, (long) VERSION_OFFSET);
            long magic = header.get(ValueLayout.JAVA_LONG, MAGIC_OFFSET);
            if (version != 0) {
                if (magic != MAGIC) {
                    throw bad(path, npy ? "is a .npy file that shmc did not make (no shmc header at its end)" : "is not a shmc region (wrong magic)");
                }
                return version;
            }
            // An old file whose version is still 0 will never be published: fail at once.
            if (!young || System.nanoTime() > deadline) {
                throw bad(path, magic == MAGIC ? "was never finished by its creator (no version published)"
                        : npy ? "is a .npy file that shmc did not make (no shmc header at its end)" : "is not a shmc region (wrong magic)");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static RegionException bad(Path path, String what) {
        return new RegionException(RegionException.Reason.BAD_FILE, path + " " + what);
    }

    // ------------------------------------------------------------------ accessors

    /** The payload: {@link #payloadLength()} bytes, page aligned. */
    public MemorySegment payload() {
        return payload;
    }

    /** The per-kind metadata section of the header ({@link RegionDescriptor#METADATA_LENGTH} bytes). */
    public MemorySegment metadata() {
        return header.asSlice(METADATA_OFFSET, METADATA_LENGTH);
    }

    /** The header bytes (read them through {@link RegionDescriptor} offsets): the file's first page, or its last in the npy layout. */
    public MemorySegment header() {
        return header;
    }

    /** Whether the file is in the npy layout: numpy and ND4J read its payload as an array ({@link RegionDescriptor}). */
    public boolean isNpyFile() {
        return npy;
    }

    public String name() {
        return name;
    }

    /**
     * Whether {@link #path()} still names the file this handle maps: false once it was removed, or
     * removed and made again (a region of the same name is then another file). A process that keeps
     * regions mapped across jobs checks this before it uses one again.
     */
    public boolean isCurrentFile() {
        Object now = fileKey(path);
        return now != null && now.equals(fileKey);
    }

    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    public Path path() {
        return path;
    }

    public long payloadLength() {
        return payload.byteSize();
    }

    public int kind() {
        return header.get(ValueLayout.JAVA_INT, KIND_OFFSET);
    }

    public int version() {
        return (int) INT.getAcquire(header, (long) VERSION_OFFSET);
    }

    public long creatorPid() {
        return header.get(ValueLayout.JAVA_LONG, CREATOR_PID_OFFSET);
    }

    public long creatorStartMillis() {
        return header.get(ValueLayout.JAVA_LONG, CREATOR_START_OFFSET);
    }

    public long createdAtMillis() {
        return header.get(ValueLayout.JAVA_LONG, CREATED_AT_OFFSET);
    }

    public boolean isOwner() {
        return owner;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public boolean isKept() {
        return (header.get(ValueLayout.JAVA_INT, FLAGS_OFFSET) & FLAG_KEEP) != 0;
    }

    /**
     * Keeps the file after this handle closes and after its creator exits, for other runs to
     * attach to by name. {@code shmc clean --all} or {@link #delete()} removes it.
     */
    public SharedRegion keep() {
        if (!readOnly) {
            header.set(ValueLayout.JAVA_INT, FLAGS_OFFSET, header.get(ValueLayout.JAVA_INT, FLAGS_OFFSET) | FLAG_KEEP);
        }
        kept = true;
        return this;
    }

    /** Unmaps and deletes the file, whoever created it. */
    public void delete() {
        closeMapping();
        deleteQuietly(path);
    }

    /** Unmaps; the creator also deletes the file unless the region is kept. Idempotent. */
    @Override
    public void close() {
        boolean removeFile = owner && !kept && !closed && !isKeptQuietly();
        closeMapping();
        if (removeFile) {
            deleteQuietly(path);
        }
    }

    private boolean isKeptQuietly() {
        try {
            return isKept();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private synchronized void closeMapping() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a later 'shmc clean' finds it
        }
        Regions.removeDefaultDirectoryIfEmpty();
    }

    @Override
    public String toString() {
        return "SharedRegion[" + name + ", " + payloadLength() + " bytes, " + path + "]";
    }
}
