package dev.shmc.engine.api;

/** How a job ended. */
public enum JobStatus {
    /** Every chunk computed. */
    COMPLETED,
    /** A kernel found what it searched for and stopped the job early; the result holds what was found. */
    FOUND,
    /** Cancelled; the result is partial. */
    CANCELLED,
    /** A kernel threw; see {@link JobFailedException}. */
    FAILED
}
