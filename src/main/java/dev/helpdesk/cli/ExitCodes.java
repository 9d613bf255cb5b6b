package dev.helpdesk.cli;

import dev.helpdesk.auth.TokenKeyException;
import dev.helpdesk.config.ConfigException;
import dev.helpdesk.copy.CopyException;
import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.lock.LockException;
import dev.helpdesk.monitor.State;
import dev.helpdesk.store.SchemaTooNewException;
import dev.helpdesk.store.StoreAccessException;
import dev.helpdesk.store.StoreException;
import dev.helpdesk.store.TargetNotEmptyException;
import java.util.List;
import picocli.CommandLine;

/** The one place that knows exit numbers (sysexits style, as DESIGN.md lists them). */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;
    static final int INTERNAL = 1;
    /** Picocli's own default for usage errors is also 2; we keep it so scripts can tell typos from failures. */
    static final int USAGE = 2;
    static final int QUARANTINED = 65;
    static final int UNREACHABLE = 69;
    /**
     * EX_IOERR: store copy committed, but counting afterwards found a table with more or fewer rows on one side
     * (something wrote to a store behind the copy's back). Not 1: it is a finding for the admin, not a bug.
     */
    static final int COPY_UNVERIFIED = 74;
    static final int BUSY = 75;
    /** EX_PROTOCOL: the server refused the afterFetch actions (they stay queued with the reason). */
    static final int ACTION_REFUSED = 76;
    static final int LOGIN_REQUIRED = 77;
    static final int CONFIG = 78;
    /** Not in sysexits: another run took this run's lock over (its lease ran out), and this run stopped. */
    static final int LEASE_LOST = 79;

    /**
     * {@code helpdesk check} follows the monitoring plugin guidelines (monitoring-plugins.org) instead of sysexits:
     * Nagios, Icinga and Zabbix read 0, 1, 2 and 3 as OK, WARNING, CRITICAL and UNKNOWN, also for a bad option.
     */
    static final int MONITOR_UNKNOWN = 3;

    static int of(State state) {
        return switch (state) {
            case OK -> 0;
            case WARNING -> 1;
            case CRITICAL -> 2;
            case UNKNOWN -> MONITOR_UNKNOWN;
        };
    }

    /** The exit code one mailbox's outcome would give on its own. */
    public static int of(Outcome outcome) {
        return switch (outcome) {
            case OK, ELSEWHERE, DEFERRED -> OK;
            case QUARANTINED -> QUARANTINED;
            case BUSY -> BUSY;
            case LEASE_LOST -> LEASE_LOST;
            case UNREACHABLE -> UNREACHABLE;
            case ACTION_REFUSED -> ACTION_REFUSED;
            case LOGIN_REQUIRED -> LOGIN_REQUIRED;
            case MISCONFIGURED -> CONFIG;
            case FAILED -> INTERNAL;
        };
    }

    /**
     * The exit code of a fetch over several mailboxes: the most severe outcome wins (their order in
     * {@link Outcome}, worst last: an internal error outranks everything an admin can fix), and a busy mailbox
     * counts only when every requested mailbox was busy (someone else is doing the work).
     */
    static int of(List<MailboxReport> reports) {
        if (!reports.isEmpty() && reports.stream().allMatch(r -> r.outcome() == Outcome.BUSY)) {
            return BUSY;
        }
        return reports.stream().map(MailboxReport::outcome).filter(o -> o != Outcome.BUSY)
                .max(Enum::compareTo).map(ExitCodes::of).orElse(OK);
    }

    /** The worst of several outcomes, as for a fetch (mailbox test: one outcome per mailbox). */
    static int ofOutcomes(List<Outcome> outcomes) {
        return outcomes.stream().max(Enum::compareTo).map(ExitCodes::of).orElse(OK);
    }

    @Override
    public int getExitCode(Throwable failure) {
        if (failure instanceof CommandLine.ParameterException || failure instanceof UsageException) {
            return USAGE;
        }
        if (failure instanceof ConfigException || failure instanceof SchemaTooNewException
                || failure instanceof TokenKeyException || failure instanceof TargetNotEmptyException
                || failure instanceof CopyException) {
            return CONFIG;
        }
        if (failure instanceof StoreAccessException access) {
            return access.misconfigured() ? CONFIG : UNREACHABLE;
        }
        if (failure instanceof LockException lock) {
            return lock.reason() == LockException.Reason.HELD ? BUSY : USAGE;
        }
        return INTERNAL;
    }

    /** True for failures whose message is a complete sentence for the user, not a bug report. */
    static boolean expected(Throwable failure) {
        return failure instanceof ConfigException || failure instanceof SchemaTooNewException
                || failure instanceof TokenKeyException || failure instanceof LockException
                || failure instanceof UsageException || failure instanceof StoreException
                || failure instanceof java.io.UncheckedIOException || failure instanceof CopyException;
    }
}
