package dev.helpdesk.cli;

import dev.helpdesk.config.Durations;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.MailboxStatus;
import dev.helpdesk.monitor.Finding;
import dev.helpdesk.monitor.MailboxCheck;
import dev.helpdesk.monitor.State;
import dev.helpdesk.store.RunTable.Run;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code helpdesk check}: a monitoring plugin (Nagios, Icinga, Zabbix): one status line with performance data,
 * a line per mailbox after it, and exit 0, 1, 2 or 3 for OK, WARNING, CRITICAL or UNKNOWN.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Monitoring plugin: OK, WARNING (quarantined or set-aside mail since the last check) or CRITICAL"
                + " (no successful run within --max-age, login required, stale or expired lock, refused server"
                + " actions), with performance data. Exit 0, 1, 2, 3 (UNKNOWN: no config or database).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:OK", "1:WARNING", "2:CRITICAL", "3:UNKNOWN (config or database missing or unreadable, bad"
                + " option)"})
final class CheckCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "30m",
            description = "CRITICAL when a mailbox's last successful run started longer ago (default ${DEFAULT-VALUE}).")
    private String maxAge;

    @Option(names = "--mailbox", paramLabel = "NAME", description = "Only this mailbox (repeatable).")
    private List<String> names = new ArrayList<>();

    CheckCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    /** The status line of a check that cannot tell. */
    static String unknown(String why) {
        return "HELPDESK UNKNOWN - " + plain(why);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            return check(out);
        } catch (RuntimeException e) { // config, database or a bug: the plugin contract says UNKNOWN, with why
            out.println(unknown(e.getMessage() == null ? e.toString() : e.getMessage()));
            if (wiring.verbose()) {
                e.printStackTrace(spec.commandLine().getErr());
            }
            return ExitCodes.MONITOR_UNKNOWN;
        }
    }

    private int check(PrintWriter out) {
        Duration age;
        try {
            age = Durations.parse(maxAge);
        } catch (IllegalArgumentException e) {
            out.println(unknown("--max-age: " + e.getMessage()));
            return ExitCodes.MONITOR_UNKNOWN;
        }
        List<String> mailboxes = MailboxSelection.of(wiring.config(), names).stream().map(MailboxConfig::name).toList();
        Optional<Store> existing = wiring.openExistingStore();
        if (existing.isEmpty()) {
            out.println(unknown("there is no database at " + wiring.dataDir().database() + ": helpdesk fetch has"
                    + " never run with this config (or dataDir is wrong); run `helpdesk fetch` once"));
            return ExitCodes.MONITOR_UNKNOWN;
        }
        List<MailboxCheck> checks;
        try (Store store = existing.get()) {
            checks = wiring.check(store).run(mailboxes, age);
        }
        State state = checks.stream().map(MailboxCheck::state).reduce(State.OK, State::worst);
        out.println("HELPDESK " + state + " - " + summary(checks) + " | " + checks.stream()
                .map(check -> perfdata(check, age)).collect(Collectors.joining(" ")));
        for (MailboxCheck check : checks) {
            out.println(details(check));
        }
        return ExitCodes.of(state);
    }

    /** The problems of the mailboxes that have some, worst first; else each mailbox's last success. */
    private static String summary(List<MailboxCheck> checks) {
        List<MailboxCheck> troubled = checks.stream().filter(check -> check.state() != State.OK)
                .sorted(Comparator.comparing(MailboxCheck::state).reversed()).toList();
        if (troubled.isEmpty()) {
            return checks.stream().map(check -> check.mailbox() + ": last success "
                    + HumanUnits.duration(check.sinceSuccess().orElseThrow()) + " ago").collect(Collectors.joining("; "));
        }
        return troubled.stream().map(check -> check.mailbox() + ": " + check.findings().stream()
                .sorted(Comparator.comparing(Finding::state).reversed())
                .map(finding -> problem(check, finding)).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }

    private static String problem(MailboxCheck check, Finding finding) {
        MailboxStatus s = check.status();
        String lock = Fetch.lockName(s.mailbox());
        return switch (finding) {
            case NO_RECENT_SUCCESS -> check.sinceSuccess()
                    .map(since -> "no successful run for " + HumanUnits.duration(since))
                    .orElse("no successful run yet") + s.lastRun().filter(run -> !s.lastSuccess().equals(Optional.of(run)))
                    .map(run -> " (last run " + run.outcome() + ")").orElse("");
            case LOGIN_REQUIRED -> "login required: run `helpdesk auth login --mailbox " + s.mailbox() + "`";
            case LOCK_STALE -> "lock " + lock + " is stale (its process is gone): run `helpdesk lock release " + lock
                    + "`";
            case LOCK_EXPIRED -> "lock " + lock + " expired: run `helpdesk lock show`";
            case ACTIONS_REFUSED -> s.refusedActionCount() + " queued server actions refused by the server (see"
                    + " `helpdesk status`)";
            case QUARANTINED -> check.newQuarantined() + " quarantined since the last check (see `helpdesk quarantine"
                    + " list`)";
            case SET_ASIDE -> check.newSetAside() + " set aside on the server since the last check (see `helpdesk"
                    + " skipped list`)";
        };
    }

    /** One line per mailbox after the status line: Icinga and Nagios show it as the long output. */
    private String details(MailboxCheck check) {
        MailboxStatus s = check.status();
        String line = s.mailbox() + ": " + check.state() + ", last success "
                + check.sinceSuccess().map(since -> HumanUnits.duration(since) + " ago").orElse("never")
                + ", last run " + s.lastRun().map(run -> run.outcome() + " " + HumanUnits.duration(
                        Duration.between(run.startedAt(), wiring.clock().instant())) + " ago").orElse("never")
                + ", " + s.storedMessages() + " stored, " + s.quarantined() + " quarantined, " + s.setAside()
                + " set aside, " + s.pendingActions() + " actions pending, lock "
                + s.lock().map(l -> l.verdict().label()).orElse("free");
        Optional<String> error = s.lastRun().flatMap(Run::error).filter(e -> check.state() != State.OK);
        return plain(line + error.map(e -> "; last error: " + e).orElse(""));
    }

    /**
     * Performance data as the guidelines define it: {@code 'label'=value[UOM];warn;crit;min;max}, labels quoted,
     * U for a value that cannot be known (no success yet).
     */
    private static String perfdata(MailboxCheck check, Duration maxAge) {
        MailboxStatus s = check.status();
        String m = s.mailbox();
        List<String> data = new ArrayList<>();
        data.add(label(m, "last_success_age") + check.sinceSuccess().map(since -> since.toSeconds() + "s").orElse("U")
                + ";;" + maxAge.toSeconds() + ";0;");
        data.add(label(m, "stored") + s.storedMessages() + ";;;0;");
        data.add(label(m, "quarantined") + s.quarantined() + ";;;0;");
        data.add(label(m, "quarantined_new") + check.newQuarantined() + ";0;;0;");
        data.add(label(m, "set_aside") + s.setAside() + ";;;0;");
        data.add(label(m, "set_aside_new") + check.newSetAside() + ";0;;0;");
        data.add(label(m, "actions_pending") + s.pendingActions() + ";;;0;");
        data.add(label(m, "actions_refused") + s.refusedActionCount() + ";;0;0;");
        s.lastRun().ifPresent(run -> {
            data.add(label(m, "last_run_duration") + String.format(Locale.ROOT, "%.3fs",
                    Duration.between(run.startedAt(), run.endedAt()).toMillis() / 1000.0) + ";;;0;");
            data.add(label(m, "last_run_bytes") + run.bytes() + "B;;;0;");
        });
        return String.join(" ", data);
    }

    /** Mailbox names are [a-z0-9._-]: never a quote or an equals sign inside the label. */
    private static String label(String mailbox, String what) {
        return "'" + mailbox + "_" + what + "'=";
    }

    /** One line without control characters and without '|', which would start the performance data. */
    private static String plain(String text) {
        return SafeText.line(text).replace('|', '/');
    }
}
