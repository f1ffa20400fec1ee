package dev.shmc.shm.region;

/**
 * Layout of the header of every shmc region file (native byte order). In the <b>classic</b> layout
 * the header is the file's first page and the payload follows it. An array region is laid out as a
 * <b>.npy file</b> instead, so that numpy ({@code numpy.load(path, mmap_mode='r+')}) and ND4J open it
 * as it is: a {@value #PAGE}-byte .npy preamble (magic {@code \x93NUMPY}, its dtype and shape) from
 * offset 0, the payload (the array's data) at the payload offset, zeros up to the next page, and
 * this header as the file's last page (.npy readers ignore bytes after the data).
 *
 * <pre>
 *  classic:  | header (4096) | payload ...                    |
 *  npy:      | .npy preamble (4096) | payload ... | 0 to page | header (4096) |
 * </pre>
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
 *  |           Payload offset in the file (header length)          | 16
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
 * configuration. A different minor version is compatible; a different major is refused. Minor
 * version 1 added the npy layout (a 1.0 reader refuses such a file: it finds no magic at offset 0);
 * classic files of 1.0 are read as before.
 */
public final class RegionDescriptor {
    private RegionDescriptor() {
    }

    private static final int SIZE_OF_INT = Integer.BYTES;
    private static final int SIZE_OF_LONG = Long.BYTES;

    /** "SHMCRGN1" read as a little-endian long. */
    public static final long MAGIC = 0x314E_4752_434D_4853L;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 1;
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

    /** The page size the layouts align to. */
    public static final int PAGE = 4096;

    /** Bytes of an npy-layout region's .npy preamble: one page, so that the data is page aligned. */
    public static final int NPY_PREAMBLE_LENGTH = PAGE;

    /** The magic a .npy file starts with: {@code \x93NUMPY}. */
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Whether {@code first} (a file's first bytes, at least 6) start a .npy file: the npy layout. */
    public static boolean isNpy(byte[] first) {
        if (first.length < NPY_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < NPY_MAGIC.length; i++) {
            if (first[i] != NPY_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The offset of an npy-layout region's header: after its payload, rounded up to a page. */
    public static long npyHeaderOffset(long payloadOffset, long payloadLength) {
        return (payloadOffset + payloadLength + PAGE - 1) / PAGE * PAGE;
    }

    /** The file length of a region of either layout. */
    public static long fileLength(boolean npy, long payloadOffset, long payloadLength) {
        return npy ? npyHeaderOffset(payloadOffset, payloadLength) + HEADER_LENGTH : payloadOffset + payloadLength;
    }

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
