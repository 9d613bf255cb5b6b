package dev.helpdesk.auth;

import dev.helpdesk.config.OAuth2Config;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code auth status} knows about one OAuth mailbox, read from its token cache alone (no token, no
 * network): who is signed in, when the access token expires, whether a refresh token exists, when a token was
 * last obtained, and the verdict.
 *
 * @param detail why the verdict is what it is, for the verdicts that need a reason
 * @param nextStep the exact command to run, when one is needed
 * @param cache where the cache is kept: the file's path, or "the token cache of mailbox X in the database"
 */
public record TokenStatus(String mailbox, OAuth2Config.Flow flow, Optional<String> account,
        Optional<String> tenantId, Optional<Instant> accessTokenExpires, boolean refreshToken,
        Optional<Instant> lastRefreshed, Verdict verdict, Optional<String> detail, Optional<String> nextStep,
        String cache) {

    /** The verdict, best first. */
    public enum Verdict {
        /** The cached access token lasts beyond the next few runs' refresh margin. */
        OK("ok"),
        /** The access token is due (or gone); the next fetch gets a new one without anyone's help. */
        REFRESHES_ON_NEXT_RUN("refreshes-on-next-run"),
        /** Nobody is signed in, or Microsoft refused the saved login: a person must run the login command. */
        LOGIN_REQUIRED("login-required"),
        /** The cache file is readable by others (or unreadable), or cannot be decrypted: unused until fixed. */
        CACHE_REFUSED("cache-refused");

        private final String key;

        Verdict(String key) {
            this.key = key;
        }

        /** The stable form for {@code --json}. */
        public String key() {
            return key;
        }
    }

    public TokenStatus {
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(cache, "cache");
    }

    /** The verdict as a line: "ok", "refreshes on next run", "login required: run helpdesk auth login --mailbox X". */
    public String verdictText() {
        return switch (verdict) {
            case OK -> "ok";
            case REFRESHES_ON_NEXT_RUN -> "refreshes on next run";
            case LOGIN_REQUIRED -> "login required: run " + nextStep.orElse("helpdesk auth login --mailbox " + mailbox);
            case CACHE_REFUSED -> "cache refused: run " + nextStep.orElse("chmod 600 " + cache);
        };
    }
}
