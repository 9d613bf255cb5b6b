package dev.helpdesk.config;

import java.nio.file.Path;

/** The configuration cannot be found, read or accepted; the message is a sentence for the user. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Builds the one message shape every file problem uses, so users (and scripts) always find
     * the file, the line and the key in the same place: {@code FILE line N: PATH: PROBLEM.}
     */
    static ConfigException at(Path file, int line, String path, String problem) {
        StringBuilder text = new StringBuilder();
        text.append(file).append(" line ").append(line).append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        text.append(problem);
        if (!problem.endsWith(".")) {
            text.append('.');
        }
        return new ConfigException(text.toString());
    }
}
