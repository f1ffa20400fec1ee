package dev.shmc.engine.api;

/** A job failed: a kernel threw in a worker (the worker's message and stack trace are in the message), or the engine failed. */
public class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
