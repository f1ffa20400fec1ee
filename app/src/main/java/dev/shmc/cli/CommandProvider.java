package dev.shmc.cli;

/**
 * Adds subcommands to {@code shmc} from modules above the app (the bench module adds
 * {@code bench}), found with {@link java.util.ServiceLoader}, so nothing reaches upward.
 */
public interface CommandProvider {
    /** Subcommand name. */
    String name();

    /** A new picocli command object. */
    Object command();
}
