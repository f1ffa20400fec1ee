package dev.shmc.shm.queue;

import dev.shmc.shm.ShmConfig;

/**
 * Layout of a {@link SharedQueue} at its base offset in a segment (native byte order; the base
 * is a multiple of 128 when the queue fills a region's payload).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Magic "SHMCQUE1"                        |    0
 *  |                   (release-stored last)                       |
 *  +---------------------------------------------------------------+
 *  |                     Capacity (slots, 2^k)                     |    8
 *  +---------------------------------------------------------------+
 *  |                    zero up to HEAD_OFFSET                   ...   16
 *  +---------------------------------------------------------------+
 *  |   Head: next position to enqueue (long), then padding       ...  128
 *  +---------------------------------------------------------------+
 *  |   Tail: next position to dequeue (long), then padding       ...  256
 *  +---------------------------------------------------------------+
 *  |   Slot 0: sequence (long) | value (long)                        |  384
 *  |   Slot 1: sequence (long) | value (long)                        |  400
 *  |   ...  capacity slots of SLOT_LENGTH bytes                  ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Head and tail are the contended words: each gets its own {@link ShmConfig#PADDED_WORD} (two
 * cache lines), so producers and consumers do not share a line. Slots are not padded: a slot is
 * touched once per lap by one producer and one consumer.
 *
 * <p>A slot's sequence says whose turn it is (Vyukov's bounded MPMC queue): {@code seq == pos}
 * means free for the producer of position {@code pos}; {@code seq == pos + 1} means it holds the
 * value of position {@code pos} for a consumer; the consumer then stores {@code pos + capacity},
 * freeing it for the producer one lap later.
 */
public final class SharedQueueDescriptor {
    private SharedQueueDescriptor() {
    }

    private static final int SIZE_OF_LONG = Long.BYTES;

    /** "SHMCQUE1" read as a little-endian long. */
    public static final long MAGIC = 0x3145_5551_434D_4853L;

    public static final int MAGIC_OFFSET = 0;
    public static final int CAPACITY_OFFSET = MAGIC_OFFSET + SIZE_OF_LONG;
    public static final int HEAD_OFFSET = ShmConfig.PADDED_WORD;
    public static final int TAIL_OFFSET = HEAD_OFFSET + ShmConfig.PADDED_WORD;
    public static final int SLOTS_OFFSET = TAIL_OFFSET + ShmConfig.PADDED_WORD;

    /** A slot: its sequence word, then its value. */
    public static final int SLOT_SEQUENCE_OFFSET = 0;
    public static final int SLOT_VALUE_OFFSET = SLOT_SEQUENCE_OFFSET + SIZE_OF_LONG;
    public static final int SLOT_LENGTH = SLOT_VALUE_OFFSET + SIZE_OF_LONG;
    public static final int SLOT_SHIFT = 4;

    /** Most slots a queue may have (2^30: 16 GiB of slots). */
    public static final int MAX_CAPACITY = 1 << 30;

    /** Bytes a queue of {@code capacity} slots occupies. */
    public static long length(int capacity) {
        return SLOTS_OFFSET + ((long) capacity << SLOT_SHIFT);
    }

    static {
        if (SLOT_LENGTH != 1 << SLOT_SHIFT) {
            throw new AssertionError("SLOT_SHIFT must match SLOT_LENGTH");
        }
    }
}
