package dev.helpdesk.config;

import java.util.Objects;
import java.util.Optional;

/**
 * What happens on the server to a message once it is safely stored: {@code "mark-seen"},
 * {@code "move:FOLDER"}, {@code "delete"} or {@code "none"}.
 */
public record AfterFetch(Kind kind, Optional<String> folder) {

    /** The action; only {@link #MOVE} carries a folder. */
    public enum Kind { MARK_SEEN, MOVE, DELETE, NONE }

    static final String EXPECTED = "one of \"mark-seen\", \"move:FOLDER\", \"delete\" or \"none\"";

    public AfterFetch {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(folder, "folder");
        if ((kind == Kind.MOVE) != folder.isPresent()) {
            throw new IllegalArgumentException("a folder goes with MOVE and only with MOVE: " + kind);
        }
        if (folder.isPresent() && folder.get().isBlank()) {
            throw new IllegalArgumentException("expected a folder name after \"move:\", got nothing");
        }
    }

    public static AfterFetch markSeen() {
        return new AfterFetch(Kind.MARK_SEEN, Optional.empty());
    }

    public static AfterFetch move(String folder) {
        return new AfterFetch(Kind.MOVE, Optional.of(folder));
    }

    public static AfterFetch delete() {
        return new AfterFetch(Kind.DELETE, Optional.empty());
    }

    public static AfterFetch none() {
        return new AfterFetch(Kind.NONE, Optional.empty());
    }

    /**
     * Reads the config form.
     *
     * @throws IllegalArgumentException naming what was expected and what was given
     */
    public static AfterFetch parse(String text) {
        switch (text) {
            case "mark-seen":
                return markSeen();
            case "delete":
                return delete();
            case "none":
                return none();
            default:
                if (text.startsWith("move:")) {
                    return move(text.substring("move:".length()));
                }
                throw new IllegalArgumentException("expected " + EXPECTED + ", got " + Values.quote(text));
        }
    }

    /** The config form, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return switch (kind) {
            case MARK_SEEN -> "mark-seen";
            case MOVE -> "move:" + folder.orElseThrow();
            case DELETE -> "delete";
            case NONE -> "none";
        };
    }
}
