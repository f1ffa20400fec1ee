package dev.shmc.shm.region;

/**
 * A region could not be created or attached: a foreign, truncated, corrupt or incompatible file, a
 * name in use, or too little space. The message is one clear sentence meant for the user.
 */
public class RegionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, so that a CLI can tell bad input (exit 2) from a runtime failure (exit 1). */
    public enum Reason {
        /** Not a shmc region, truncated, corrupt, or of a newer major version. */
        BAD_FILE,
        /** No region of that name or path. */
        NOT_FOUND,
        /** A live region of that name exists. */
        EXISTS,
        /** The file system has too little free space for the region. */
        NO_SPACE,
        /**
         * A directory shmc was to use is not the current user's own (another owner, group or other
         * permission bits, a symbolic link): nothing was written into it.
         */
        NOT_OURS,
        /** Any other I/O failure. */
        IO
    }

    private final Reason reason;

    public RegionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RegionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True for the reasons a user caused by what they typed (bad or missing file, name in use, no space). */
    public boolean isBadInput() {
        return reason != Reason.IO && reason != Reason.NOT_OURS;
    }
}
