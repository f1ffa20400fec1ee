package dev.shmc.shm.sync;

import dev.shmc.shm.ShmConfig;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/** Base of the primitives: a long word at an offset of a segment, with its padding reserved. */
abstract class SharedWord {
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    final MemorySegment segment;
    final long offset;

    SharedWord(MemorySegment segment, long offset, long bytes) {
        if (offset < 0 || (offset & 7) != 0) {
            throw new IllegalArgumentException("offset must be a non-negative multiple of 8: " + offset);
        }
        if (offset + bytes > segment.byteSize()) {
            throw new IllegalArgumentException("segment too small: need " + (offset + bytes) + " bytes, have " + segment.byteSize());
        }
        this.segment = segment;
        this.offset = offset;
    }

    SharedWord(MemorySegment segment, long offset) {
        this(segment, offset, ShmConfig.PADDED_WORD);
    }
}
