package dev.shmc.engine.api;

/** How chunks are handed to workers. */
public enum Schedule {
    /** Workers claim the next chunk from a shared atomic cursor (dynamic load balancing). The default. */
    DYNAMIC,
    /** Worker w takes chunks w, w+W, w+2W, ... (static split; no balancing). */
    STATIC,
    /** Like DYNAMIC, but the cursor walks the chunks in a seeded pseudo-random order. */
    RANDOMIZED
}
