package dev.shmc.shm.array;

/** Element types of shared arrays, recorded in an array region's metadata. */
public enum ElementType {
    DOUBLE(1, Double.BYTES), LONG(2, Long.BYTES), INT(3, Integer.BYTES), BITS(4, Long.BYTES);

    /** Code stored in the region metadata. */
    public final int code;
    /** Bytes per storage word. */
    public final int bytes;

    ElementType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public static ElementType ofCode(int code) {
        for (ElementType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown element type code " + code);
    }
}
