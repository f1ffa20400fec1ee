package dev.shmc.shm.region;

/**
 * Layout of the header at the start of every shmc region file (little-endian, native order).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Magic "SHMCRGN1"                        |  0
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |  Version (major<<16 | minor)  |             Kind              |  8
 *  +-------------------------------+-------------------------------+
 *  |                     Header length (bytes)                     | 16
 *  +---------------------------------------------------------------+
 *  |                     Payload length (bytes)                    | 24
 *  +---------------------------------------------------------------+
 *  |                          Creator PID                          | 32
 *  +---------------------------------------------------------------+
 *  |            Creator process start time (epoch ms)              | 40
 *  +---------------------------------------------------------------+
 *  |                     Created at (epoch ms)                     | 48
 *  +-------------------------------+-------------------------------+
 *  |             Flags             |          Name length          | 56
 *  +-------------------------------+-------------------------------+
 *  |                   Name (UTF-8, 256 bytes)                   ... 64
 *  +---------------------------------------------------------------+
 *  |             Metadata (1024 bytes, meaning per kind)         ... 320
 *  +---------------------------------------------------------------+
 *  |                   zero up to HEADER_LENGTH                  ...1344
 *  +---------------------------------------------------------------+
 *  |                 Payload (payload length bytes)              ...4096
 * </pre>
 *
 * The creator writes every field, then release-stores the version last; an attacher
 * acquire-loads the version (waiting with a deadline while it is 0), then checks magic, major
 * version and file length, and takes every offset from the header, never from its own
 * configuration. A different minor version is compatible; a different major is refused.
 */
public final class RegionDescriptor {
    private RegionDescriptor() {
    }

    private static final int SIZE_OF_INT = Integer.BYTES;
    private static final int SIZE_OF_LONG = Long.BYTES;

    /** "SHMCRGN1" read as a little-endian long. */
    public static final long MAGIC = 0x314E_4752_434D_4853L;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    public static final int VERSION = (VERSION_MAJOR << 16) | VERSION_MINOR;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + SIZE_OF_LONG;
    public static final int KIND_OFFSET = VERSION_OFFSET + SIZE_OF_INT;
    public static final int HEADER_LENGTH_OFFSET = KIND_OFFSET + SIZE_OF_INT;
    public static final int PAYLOAD_LENGTH_OFFSET = HEADER_LENGTH_OFFSET + SIZE_OF_LONG;
    public static final int CREATOR_PID_OFFSET = PAYLOAD_LENGTH_OFFSET + SIZE_OF_LONG;
    public static final int CREATOR_START_OFFSET = CREATOR_PID_OFFSET + SIZE_OF_LONG;
    public static final int CREATED_AT_OFFSET = CREATOR_START_OFFSET + SIZE_OF_LONG;
    public static final int FLAGS_OFFSET = CREATED_AT_OFFSET + SIZE_OF_LONG;
    public static final int NAME_LENGTH_OFFSET = FLAGS_OFFSET + SIZE_OF_INT;
    public static final int NAME_OFFSET = NAME_LENGTH_OFFSET + SIZE_OF_INT;
    public static final int NAME_CAPACITY = 256;
    public static final int METADATA_OFFSET = NAME_OFFSET + NAME_CAPACITY;
    public static final int METADATA_LENGTH = 1024;

    /** Header bytes: one page, so that the payload is page aligned. */
    public static final int HEADER_LENGTH = 4096;

    /** Flag bit: the region was kept on purpose and is not reclaimed when its creator is gone. */
    public static final int FLAG_KEEP = 1;

    /** Kinds of region (informational; {@code shmc stat} prints them). */
    public static final int KIND_GENERIC = 0;
    public static final int KIND_CONTROL = 1;
    public static final int KIND_ARRAY = 2;
    public static final int KIND_SYNC = 3;
    public static final int KIND_RESULTS = 4;
    /** The resident service's front door: its state and the clients' submission slots. */
    public static final int KIND_SERVICE = 5;

    /** File name suffix of every region. */
    public static final String FILE_SUFFIX = ".region";

    public static int major(int version) {
        return version >>> 16;
    }

    public static int minor(int version) {
        return version & 0xFFFF;
    }

    public static String kindName(int kind) {
        return switch (kind) {
            case KIND_GENERIC -> "generic";
            case KIND_CONTROL -> "control";
            case KIND_ARRAY -> "array";
            case KIND_SYNC -> "sync";
            case KIND_RESULTS -> "results";
            case KIND_SERVICE -> "service";
            default -> "kind-" + kind;
        };
    }
}
