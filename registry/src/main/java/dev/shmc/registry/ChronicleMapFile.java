package dev.shmc.registry;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.openhft.chronicle.algo.hashing.LongHashFunction;

/**
 * What the registry reads and repairs in a Chronicle Map file by itself, by the layout of Chronicle
 * Map's data store specification (spec/3-memory-layout.md, 3_1-header-fields.md,
 * 3_2-lock-structure.md and 5-initialization.md in OpenHFT/Chronicle-Map); all else goes through
 * Chronicle's API. All numbers are little-endian:
 *
 * <pre>
 *  0        8           12                    G = align64(12 + size)         S
 *  +--------+-----------+---------------------+--+-------------------------+--+----------------+--
 *  | XXH64  | size word |  header, Text Wire  |  | global mutable state    |  | segment headers| segments...
 *  +--------+-----------+---------------------+--+-------------------------+--+----------------+--
 *   checksum of bytes [8, 12 + size)             G+0  lock, 8 bytes           header i at S + i * segmentHeaderSize,
 *   size word: bit 31 set = not complete,        G+21 S (u32, page-aligned)   its first 8 bytes the segment lock
 *   bit 30 meta data, bits 0-29 size             G+25 data store size (u64)
 * </pre>
 *
 * A creator writes the header with bit 31 set and clears it once the store is initialised; the
 * registry creates its files only under its exclusive {@link RegistryLock}, so a reader holding
 * the lock that sees bit 31 set sees a file whose creation never finished, not one in progress.
 *
 * <p>A lock word is 0 when free: bit 31 write, bit 30 update, bits 0-29 readers, bits 32-63
 * waiting writers. Chronicle records no owner, so a lock whose holder was killed stays set until
 * someone who knows no live process is inside the map clears it ({@link #clearLocks}).
 *
 * <p>Closing any descriptor of a file drops this process's POSIX record locks on it, Chronicle's
 * shared lock on a map file included. The registry does not rely on those (it serialises creation
 * on its own lock file), so the descriptors opened here are harmless.
 */
final class ChronicleMapFile {
    private static final int CHECKSUM_OFFSET = 0;
    private static final int SIZE_WORD_OFFSET = CHECKSUM_OFFSET + Long.BYTES;
    private static final int HEADER_OFFSET = SIZE_WORD_OFFSET + Integer.BYTES;
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int META_DATA = 0x4000_0000;
    private static final int SIZE_MASK = META_DATA - 1;
    /** Chronicle writes headers of at most 16 KB; a larger size is not a header. */
    private static final int MAX_HEADER_SIZE = 1 << 16;
    private static final int GLOBAL_STATE_ALIGNMENT = 64;
    private static final int GLOBAL_LOCK_OFFSET = 0;
    private static final int SEGMENT_HEADERS_OFFSET_OFFSET = 21;
    private static final int DATA_STORE_SIZE_OFFSET = 25;
    private static final int GLOBAL_STATE_SIZE = 33;
    /** Chronicle aligns the segment headers to a page: 4 KB or a multiple of it. */
    private static final int SEGMENT_HEADERS_ALIGNMENT = 4096;
    private static final int LOCK_SIZE = Long.BYTES;

    private static final String MAP_TYPE = "!net.openhft.chronicle.map.VanillaChronicleMap {";
    private static final Pattern SEGMENTS = field("actualSegments", "(\\d{1,9})");
    private static final Pattern SEGMENT_HEADER_SIZE = field("segmentHeaderSize", "(\\d{1,9})");

    private ChronicleMapFile() {
    }

    /**
     * Where a whole map file keeps its locks.
     *
     * @param globalLockOffset     offset of the global mutable state's lock
     * @param segmentHeadersOffset offset of segment header 0
     * @param segments             number of segments
     * @param segmentHeaderSize    bytes from one segment header to the next
     */
    record Layout(long globalLockOffset, long segmentHeadersOffset, int segments, int segmentHeaderSize) {
    }

    /** A file that is not a whole Chronicle Map of the expected types; the message says why, in a few words. */
    static final class DamagedException extends Exception {
        DamagedException(String reason) {
            super(reason);
        }
    }

    /**
     * Checks that {@code file} holds a whole Chronicle Map with {@code String} keys, values of
     * {@code valueType} (as its header names it: {@code String}, {@code byte[]}) and entry
     * checksums: a complete header with a matching checksum, and a data store as long as the
     * header says, within the file.
     *
     * @throws DamagedException when it does not
     * @throws IOException      when the file cannot be read
     */
    static Layout check(FileChannel file, String valueType) throws DamagedException, IOException {
        try {
            return checkWhole(file, valueType);
        } catch (EOFException shrunk) {
            throw new DamagedException("truncated to " + file.size() + " bytes");
        }
    }

    private static Layout checkWhole(FileChannel file, String valueType) throws DamagedException, IOException {
        long length = file.size();
        if (length == 0) {
            throw new DamagedException("it was empty");
        }
        if (length < HEADER_OFFSET) {
            throw new DamagedException("truncated to " + length + " bytes");
        }
        ByteBuffer prefix = read(file, 0, HEADER_OFFSET);
        int sizeWord = prefix.getInt(SIZE_WORD_OFFSET);
        int size = sizeWord & SIZE_MASK;
        if ((sizeWord & NOT_COMPLETE) != 0) {
            throw new DamagedException("its header is garbled or was never completed");
        }
        if ((sizeWord & META_DATA) != 0 || size == 0 || size > MAX_HEADER_SIZE) {
            throw new DamagedException("not a Chronicle Map file, or its header is garbled");
        }
        if (HEADER_OFFSET + (long) size > length) {
            throw new DamagedException("truncated within its header (" + length + " bytes)");
        }
        ByteBuffer header = read(file, 0, HEADER_OFFSET + size);
        if (LongHashFunction.xx_r39().hashBytes(header, SIZE_WORD_OFFSET, Integer.BYTES + size) != header.getLong(CHECKSUM_OFFSET)) {
            throw new DamagedException("its header checksum does not match");
        }
        String text = new String(header.array(), HEADER_OFFSET, size, StandardCharsets.UTF_8);
        if (!text.startsWith(MAP_TYPE)) {
            throw new DamagedException("not a Chronicle Map file");
        }
        if (!field("keyClass", Pattern.quote("!type String")).matcher(text).find() || !field("valueClass", Pattern.quote("!type " + valueType)).matcher(text).find()) {
            throw new DamagedException("a Chronicle Map of other key or value types");
        }
        if (!field("checksumEntries", "true").matcher(text).find()) {
            throw new DamagedException("a Chronicle Map without entry checksums");
        }
        int segments = intField(SEGMENTS, text);
        int segmentHeaderSize = intField(SEGMENT_HEADER_SIZE, text);

        long global = align(HEADER_OFFSET + (long) size, GLOBAL_STATE_ALIGNMENT);
        if (global + GLOBAL_STATE_SIZE > length) {
            throw new DamagedException("truncated to " + length + " bytes");
        }
        ByteBuffer state = read(file, global, GLOBAL_STATE_SIZE);
        long segmentHeaders = Integer.toUnsignedLong(state.getInt(SEGMENT_HEADERS_OFFSET_OFFSET));
        long dataStoreSize = state.getLong(DATA_STORE_SIZE_OFFSET);
        if (segmentHeaders < global + GLOBAL_STATE_SIZE || segmentHeaders % SEGMENT_HEADERS_ALIGNMENT != 0
                || dataStoreSize < segmentHeaders + (long) segments * segmentHeaderSize) {
            throw new DamagedException("its global state is garbled");
        }
        if (dataStoreSize > length) {
            throw new DamagedException("truncated to " + length + " of " + dataStoreSize + " bytes");
        }
        return new Layout(global + GLOBAL_LOCK_OFFSET, segmentHeaders, segments, segmentHeaderSize);
    }

    /** True when the global mutable state's lock (taken to allocate a segment tier) is not free. */
    static boolean globalLockHeld(FileChannel file, Layout layout) throws IOException {
        return read(file, layout.globalLockOffset(), LOCK_SIZE).getLong(0) != 0;
    }

    /** Offsets of the lock words of {@code layout} that are not free. */
    static List<Long> heldLocks(FileChannel file, Layout layout) throws IOException {
        List<Long> held = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        all.add(layout.globalLockOffset());
        for (int i = 0; i < layout.segments(); i++) {
            all.add(layout.segmentHeadersOffset() + (long) i * layout.segmentHeaderSize());
        }
        for (long offset : all) {
            if (read(file, offset, LOCK_SIZE).getLong(0) != 0) {
                held.add(offset);
            }
        }
        return held;
    }

    /**
     * Frees the lock words at {@code offsets}. Only for locks whose holders are known to be gone:
     * the caller holds the registry's exclusive lock, so no live process is inside the map.
     */
    static void clearLocks(FileChannel file, List<Long> offsets) throws IOException {
        for (long offset : offsets) {
            ByteBuffer zero = ByteBuffer.allocate(LOCK_SIZE);
            while (zero.hasRemaining()) {
                file.write(zero, offset + zero.position());
            }
        }
    }

    /** A top-level field of the header: {@code name: value,} on a line of its own, indented by 2. */
    private static Pattern field(String name, String valuePattern) {
        return Pattern.compile("\\n {2}" + name + ": " + valuePattern + ",\\n");
    }

    private static int intField(Pattern field, String header) throws DamagedException {
        Matcher m = field.matcher(header);
        if (!m.find()) {
            throw new DamagedException("its header is garbled");
        }
        int value = Integer.parseInt(m.group(1));
        if (value < 1) {
            throw new DamagedException("its header is garbled");
        }
        return value;
    }

    private static long align(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static ByteBuffer read(FileChannel file, long position, int size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (file.read(b, position + b.position()) < 0) {
                throw new EOFException("end of file at " + (position + b.position()));
            }
        }
        return b.clear();
    }
}
