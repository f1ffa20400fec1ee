package dev.shmc.cluster;

/**
 * A message between submitter and members that a {@link ClusterKey} authenticates: its
 * {@link Seal} (nonce, timestamp, MAC) and every other field go into the MAC, after its type.
 */
interface Sealed {
    /** The message type, part of the MAC: a MAC made for one type never verifies another. */
    String type();

    /** Its nonce, timestamp and MAC (null when it came without one). */
    Seal seal();

    /** Puts every field but the seal into {@code c}, in a fixed order. */
    void feed(Canonical c);
}
