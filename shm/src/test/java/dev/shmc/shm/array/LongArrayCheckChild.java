package dev.shmc.shm.array;

import dev.shmc.shm.support.ChildMain;

/**
 * Child JVM: attaches to long array {@code name} by name and checks its length and the given
 * elements. Args: name length index=value...
 */
public final class LongArrayCheckChild {
    private LongArrayCheckChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        try (SharedLongArray array = SharedLongArray.attach(args[0])) {
            long length = Long.parseLong(args[1]);
            if (array.length() != length) {
                ChildMain.fail("length " + array.length() + ", expected " + length);
            }
            for (int i = 2; i < args.length; i++) {
                String[] pair = args[i].split("=");
                long index = Long.parseLong(pair[0]);
                long expected = Long.parseLong(pair[1]);
                long actual = array.get(index);
                if (actual != expected) {
                    ChildMain.fail("element " + index + " is " + actual + ", expected " + expected);
                }
            }
            System.out.println("CHECKED " + (args.length - 2) + " elements");
        }
    }
}
