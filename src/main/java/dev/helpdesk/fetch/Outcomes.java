package dev.helpdesk.fetch;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.mail.MailException;

/**
 * Which {@link Outcome} a failure to reach or use a mailbox means; the one mapping fetch, dry run and
 * {@code mailbox test} share.
 */
public final class Outcomes {
    private Outcomes() {
    }

    public static Outcome of(CredentialException e) {
        return switch (e.reason()) {
            case LOGIN_REQUIRED -> Outcome.LOGIN_REQUIRED;
            case UNREACHABLE -> Outcome.UNREACHABLE;
            case MISCONFIGURED -> Outcome.MISCONFIGURED;
            case LEASE_LOST -> Outcome.LEASE_LOST;
        };
    }

    public static Outcome of(MailException e) {
        return switch (e.kind()) {
            case FOLDER -> Outcome.MISCONFIGURED;
            case UNREACHABLE, AUTH_FAILED, NO_XOAUTH2, PROTOCOL, REFUSED -> Outcome.UNREACHABLE;
        };
    }
}
