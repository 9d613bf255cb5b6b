package dev.helpdesk.cli;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.fetch.MailboxStatus;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.store.RunTable.Run;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code helpdesk metrics}: the facts {@code check} judges, in Prometheus' text exposition format, for node
 * exporter's textfile collector. Reads a snapshot; writes nothing.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Print per-mailbox metrics in the Prometheus text format, for node exporter's textfile"
                + " collector: write to a temporary file and rename it into place (see README.md). Changes nothing.")
final class MetricsCommand implements Callable<Integer> {
    private static final List<String> LOCK_STATES = List.of("free", "running", "stale", "expired", "other-host");

    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    MetricsCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        List<String> names = wiring.config().mailboxes().stream().map(MailboxConfig::name).toList();
        List<MailboxStatus> statuses = wiring.readStore(store -> wiring.statuses(store).of(names),
                () -> names.stream().map(MailboxStatus::never).toList());
        PrintWriter out = spec.commandLine().getOut();
        List<String> lines = new ArrayList<>();
        gauge(lines, statuses, "helpdesk_last_success_timestamp_seconds", "Start of the last run that drained the"
                + " mailbox (outcome ok or quarantined), in Unix time; 0 if it never did.",
                s -> seconds(s.lastSuccess().map(Run::startedAt)));
        gauge(lines, statuses, "helpdesk_last_run_timestamp_seconds", "Start of the mailbox's last run, in Unix"
                + " time; 0 if it never ran.", s -> seconds(s.lastRun().map(Run::startedAt)));
        family(lines, "helpdesk_last_run_outcome", "1 for the outcome of the mailbox's last run, 0 for the others.");
        for (MailboxStatus s : statuses) {
            for (Outcome outcome : Outcome.RECORDED) {
                boolean last = s.lastRun().filter(run -> run.outcome().equals(outcome.key())).isPresent();
                lines.add(sample("helpdesk_last_run_outcome", s.mailbox(), "outcome", outcome.key(), last ? "1" : "0"));
            }
        }
        gauge(lines, statuses, "helpdesk_last_run_duration_seconds", "How long the mailbox's last run took.",
                s -> s.lastRun().map(run -> decimal(Duration.between(run.startedAt(), run.endedAt()).toMillis()))
                        .orElse("0"));
        gauge(lines, statuses, "helpdesk_messages_stored", "Messages stored from the mailbox.",
                s -> Integer.toString(s.storedMessages()));
        gauge(lines, statuses, "helpdesk_messages_quarantined",
                "Inputs from the mailbox kept in quarantine (not readable as mail).",
                s -> Integer.toString(s.quarantined()));
        gauge(lines, statuses, "helpdesk_messages_set_aside", "Messages left on the server on purpose (too big,"
                + " unfetchable).", s -> Integer.toString(s.setAside()));
        gauge(lines, statuses, "helpdesk_actions_pending", "Server actions (afterFetch) queued and not yet applied.",
                s -> Integer.toString(s.pendingActions()));
        gauge(lines, statuses, "helpdesk_actions_refused", "Queued server actions the server refused.",
                s -> Integer.toString(s.refusedActionCount()));
        family(lines, "helpdesk_lock_state", "1 for the state of the mailbox's fetch lock, 0 for the others.");
        for (MailboxStatus s : statuses) {
            String state = s.lock().map(lock -> LockShowCommand.verdictKey(lock.verdict())).orElse("free");
            for (String each : LOCK_STATES) {
                lines.add(sample("helpdesk_lock_state", s.mailbox(), "state", each, each.equals(state) ? "1" : "0"));
            }
        }
        lines.forEach(out::println);
        return ExitCodes.OK;
    }

    private static void gauge(List<String> lines, List<MailboxStatus> statuses, String name, String help,
            Function<MailboxStatus, String> value) {
        family(lines, name, help);
        for (MailboxStatus s : statuses) {
            lines.add(name + "{mailbox=\"" + labelValue(s.mailbox()) + "\"} " + value.apply(s));
        }
    }

    private static void family(List<String> lines, String name, String help) {
        lines.add("# HELP " + name + " " + help);
        lines.add("# TYPE " + name + " gauge");
    }

    private static String sample(String name, String mailbox, String label, String value, String number) {
        return name + "{mailbox=\"" + labelValue(mailbox) + "\"," + label + "=\"" + labelValue(value) + "\"} " + number;
    }

    /** Seconds since the epoch with milliseconds, as a plain decimal (no exponent); 0 for none. */
    private static String seconds(java.util.Optional<Instant> instant) {
        return instant.map(at -> decimal(at.toEpochMilli())).orElse("0");
    }

    private static String decimal(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    /** The exposition format escapes backslash, double quote and line feed in label values. */
    private static String labelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
