package dev.shmc.shm.region;

import dev.shmc.shm.support.ChildMain;
import java.lang.foreign.ValueLayout;

/**
 * Child JVM: creates region {@code name} (4 KiB payload, first long = 42) in its default directory.
 * {@code hold}: prints CREATED and holds it until killed. {@code keep}: keeps it, closes it and
 * exits normally. Args: name hold|keep.
 */
public final class RegionCreatorChild {
    private RegionCreatorChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        SharedRegion region = SharedRegion.create(args[0], RegionDescriptor.KIND_GENERIC, 4096);
        region.payload().set(ValueLayout.JAVA_LONG, 0, 42L);
        switch (args[1]) {
            case "hold" -> {
                System.out.println("CREATED");
                ChildMain.parkForever();
            }
            case "keep" -> region.keep().close();
            default -> throw new IllegalArgumentException("hold or keep: " + args[1]);
        }
    }
}
