package dev.helpdesk.monitor;

import dev.helpdesk.fetch.MailboxStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One mailbox as monitoring sees it: its status (the read model {@code status} and {@code metrics} use too), what
 * came since the last check, and the findings that decide its state.
 *
 * @param sinceSuccess how long ago the last successful run started; empty when there never was one
 * @param newQuarantined inputs quarantined since the previous check
 * @param newSetAside messages set aside on the server since the previous check
 */
public record MailboxCheck(MailboxStatus status, Optional<Duration> sinceSuccess, int newQuarantined, int newSetAside,
        List<Finding> findings) {

    public MailboxCheck {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sinceSuccess, "sinceSuccess");
        findings = List.copyOf(findings);
    }

    public String mailbox() {
        return status.mailbox();
    }

    /** The worst state among the findings; OK without any. */
    public State state() {
        return findings.stream().map(Finding::state).reduce(State.OK, State::worst);
    }
}
