package dev.helpdesk.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a secret lives, {@code {"env": "VAR"}} or {@code {"file": "/path"}}; never the secret
 * itself, so printing one reveals nothing.
 */
public sealed interface SecretRef permits SecretRef.Env, SecretRef.File {

    /** For messages: {@code "environment variable SUPPORT_IMAP_PASSWORD"}, {@code "file /etc/pw"}. */
    String describe();

    /** The secret is the value of an environment variable. */
    record Env(String variable) implements SecretRef {

        static final String EXPECTED =
                "the name of an environment variable such as SUPPORT_IMAP_PASSWORD (letters, digits and _)";
        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        public Env {
            Objects.requireNonNull(variable, "variable");
            // The value is not echoed: people do paste the password itself here by mistake.
            if (!NAME.matcher(variable).matches()) {
                throw new IllegalArgumentException("expected " + EXPECTED + ", got something else");
            }
        }

        @Override
        public String describe() {
            return "environment variable " + variable;
        }
    }

    /** The secret is the content of a file, trailing newline aside. */
    record File(Path path) implements SecretRef {

        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "file " + path;
        }
    }
}
