package dev.helpdesk.auth;

import dev.helpdesk.config.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Reads a secret from the environment or a private file; the value never reaches a message or log. */
public final class SecretReader {
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Map<String, String> env;

    public SecretReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The secret, or a CredentialException naming the mailbox, the source and the fix. */
    public String read(String mailbox, String what, SecretRef ref) {
        return readFor("mailbox " + mailbox, what, ref);
    }

    /** As {@link #read}, for a secret of something else than a mailbox: {@code whose} begins each message. */
    public String readFor(String whose, String what, SecretRef ref) {
        if (ref instanceof SecretRef.Env variable) {
            return fromEnv(whose, what, variable);
        }
        return fromFile(whose, what, (SecretRef.File) ref);
    }

    private String fromEnv(String whose, String what, SecretRef.Env ref) {
        String value = env.get(ref.variable());
        if (value == null || value.isEmpty()) {
            throw misconfigured(whose + ": the " + what + " comes from the environment variable "
                    + ref.variable() + ", which is " + (value == null ? "not set" : "empty")
                    + ". Set it where helpdesk runs (for cron: in the crontab or a wrapper script), or use"
                    + " {\"file\": \"/path\"} in the config.");
        }
        return value;
    }

    private String fromFile(String whose, String what, SecretRef.File ref) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(ref.path());
            if (permissions.stream().anyMatch(SHARED::contains)) {
                throw misconfigured(whose + ": the " + what + " file " + ref.path()
                        + " can be read by other users, so it was not used. Run `chmod 600 " + ref.path() + "`.");
            }
            String value = Files.readString(ref.path(), StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw misconfigured(whose + ": the " + what + " file " + ref.path()
                        + " is empty. Write the " + what + " into it.");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw misconfigured(whose + ": the " + what + " file " + ref.path()
                    + " does not exist. Create it (mode 0600) or fix the path in the config.");
        } catch (IOException e) {
            throw misconfigured(whose + ": the " + what + " file " + ref.path()
                    + " cannot be read (" + e.getMessage() + "). Check that the user running helpdesk owns it.");
        }
    }

    private static CredentialException misconfigured(String message) {
        return new CredentialException(CredentialException.Reason.MISCONFIGURED, message);
    }
}
