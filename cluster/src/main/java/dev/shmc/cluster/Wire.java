package dev.shmc.cluster;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The messages between submitter and members, as Hazelcast {@link IdentifiedDataSerializable}
 * records: a factory id and a class id pick the class, the fields follow in a fixed order. No Java
 * serialization carries them, and a member builds only these five classes from what it receives;
 * each carries a {@link Seal} that a {@link ClusterKey} checks. Both sides register the factory
 * ({@link #register}).
 */
final class Wire implements DataSerializableFactory {
    /** Ours among Hazelcast's factories (any positive number unused by the application). */
    static final int FACTORY_ID = 0x53484d43; // "SHMC"
    /*
     * A class id names one format: a changed format takes a new id, and an old one is never used
     * again, so that a member and a submitter of different formats fail a piece with an unknown
     * class id instead of misreading it. Retired: 1 and 2, the pieces whose answer was one
     * combined result (before pieces answered each chunk's result).
     */
    static final int PIECE_TASK = 6;
    static final int PIECE_RESULT = 7;
    static final int STATUS_TASK = 3;
    static final int STATUS_ANSWER = 4;
    static final int STOP_MESSAGE = 5;

    static void register(SerializationConfig config) {
        config.addDataSerializableFactory(FACTORY_ID, new Wire());
    }

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case PIECE_TASK -> new PieceTask();
            case PIECE_RESULT -> new PieceResult();
            case STATUS_TASK -> new StatusTask();
            case STATUS_ANSWER -> new StatusAnswer();
            case STOP_MESSAGE -> new StopMessage();
            default -> null; // Hazelcast reports an unknown class id itself
        };
    }
}
