package dev.shmc.shm.array;

import dev.shmc.shm.region.RegionDescriptor;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The .npy header an array region starts with ({@link RegionDescriptor}, the npy layout): format
 * version 1.0, the element type as numpy's {@code descr}, C order, the shape, padded with spaces to
 * {@link RegionDescriptor#NPY_PREAMBLE_LENGTH} bytes so that the data starts on a page.
 *
 * <pre>
 *  \x93NUMPY | 1 | 0 | header length (uint16 LE) | {'descr': '&lt;f8', 'fortran_order': False, 'shape': (N,), } spaces... \n
 * </pre>
 */
final class NpyPreamble {
    private NpyPreamble() {
    }

    /** numpy's name of {@code type} in this machine's byte order: {@code <f8}, {@code <i8}, {@code <i4}; bit sets as their {@code <u8} words. */
    static String descr(ElementType type) {
        char order = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return order + switch (type) {
            case DOUBLE -> "f8";
            case LONG -> "i8";
            case INT -> "i4";
            case BITS -> "u8";
        };
    }

    /** The preamble of a one-dimensional array of {@code elements} elements (storage words, for a bit set) of {@code type}. */
    static byte[] of(ElementType type, long elements) {
        String dict = "{'descr': '" + descr(type) + "', 'fortran_order': False, 'shape': (" + elements + ",), }";
        byte[] out = new byte[RegionDescriptor.NPY_PREAMBLE_LENGTH];
        int headerLength = out.length - 10;
        byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = 1; // format version 1.0
        out[7] = 0;
        out[8] = (byte) headerLength; // little-endian uint16
        out[9] = (byte) (headerLength >>> 8);
        Arrays.fill(out, 10, out.length - 1, (byte) ' ');
        System.arraycopy(text, 0, out, 10, text.length);
        out[out.length - 1] = '\n';
        return out;
    }
}
