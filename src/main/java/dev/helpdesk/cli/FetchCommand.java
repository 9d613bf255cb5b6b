package dev.helpdesk.cli;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.DrainProgress;
import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk fetch}: drains the configured mailboxes (or the ones named) into the store. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Drain every configured mailbox (or those named with --mailbox) into the store, one lock per"
                + " mailbox. Prints one line per mailbox. Meant for cron, every five minutes.")
final class FetchCommand implements Callable<Integer> {
    private static final int MAX_JOBS = 32;

    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--mailbox", paramLabel = "NAME", description = "Only this mailbox (repeatable).")
    private List<String> names = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON summary object (documented in README.md).")
    private boolean json;

    @Option(names = "--dry-run", description = "List what would be fetched; change nothing, anywhere.")
    private boolean dryRun;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Drain up to N mailboxes at once (default 1), each under its own lock.")
    private int jobs;

    FetchCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new UsageException("--jobs takes a number of mailboxes to drain at once, from 1 to " + MAX_JOBS
                    + ", not " + jobs + ".");
        }
        List<MailboxConfig> mailboxes = MailboxSelection.of(wiring.config(), names);
        List<MailboxReport> reports;
        if (dryRun) {
            Optional<Store> store = wiring.openExistingStore();
            try {
                reports = wiring.dryRun(store).run(mailboxes);
            } finally {
                store.ifPresent(Store::close);
            }
        } else {
            try (Store store = wiring.openStore()) {
                Fetch fetch = wiring.fetch(store, progress());
                reports = names.isEmpty() ? fetch.run(mailboxes, jobs) : fetch.runNamed(mailboxes, jobs);
            }
        }
        int code = ExitCodes.of(reports);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            out.println(new Json().write(toJson(reports, code)));
            return code;
        }
        for (MailboxReport report : reports) {
            print(report, dryRun, wiring.quiet(), out, err);
        }
        return code;
    }

    /**
     * A live line on a terminal's stderr for someone watching; never with --json or --quiet (a script is reading),
     * nor with --verbose (log lines would tear it), nor when stderr is a file or pipe (cron's log stays clean).
     */
    private DrainProgress progress() {
        if (json || wiring.quiet() || wiring.verbose()) {
            return DrainProgress.NONE;
        }
        return wiring.progressLine().orElse(DrainProgress.NONE);
    }

    /**
     * The counts on stdout when the mailbox was drained or something was done before it failed; a failure on
     * stderr as one sentence; a warning (bodies the server refused, retried next run) on stderr too.
     */
    static void print(MailboxReport report, boolean dryRun, boolean quiet, PrintWriter out, PrintWriter err) {
        if (report.outcome() == Outcome.ELSEWHERE || report.outcome() == Outcome.DEFERRED) {
            // Work shared with other runs and hosts, said on stdout: nothing for cron to mail an admin about.
            if (!quiet) {
                out.println(report.mailbox() + ": " + SafeText.line(report.error().orElse(report.outcome().key())));
            }
            return;
        }
        boolean drained = report.outcome() == Outcome.OK || report.outcome() == Outcome.QUARANTINED;
        if (!quiet && (drained || !report.counts().equals(MailboxReport.Counts.NONE))) {
            out.println(dryRun ? dryRunLine(report) : line(report));
        }
        report.error().filter(error -> report.outcome() != Outcome.QUARANTINED).ifPresent(error ->
                err.println("helpdesk: " + report.mailbox() + ": "
                        + (report.outcome() == Outcome.OK ? "warning" : report.outcome().key()) + ": "
                        + SafeText.line(error)));
    }

    static String line(MailboxReport report) {
        MailboxReport.Counts c = report.counts();
        return report.mailbox() + ": " + c.newMessages() + " new, " + c.duplicates() + " duplicates, "
                + c.quarantined() + " quarantined, " + c.setAside() + " set aside, " + c.actionsApplied()
                + " actions applied, " + c.remaining() + " remaining on server, " + seconds(report) + "s"
                + (c.refused() > 0 ? ", " + c.refused() + " refused by the server (tried again next run)" : "")
                + (c.recovered() > 0 ? ", " + c.recovered() + " recognised after a UIDVALIDITY change" : "")
                + (report.outcome() == Outcome.QUARANTINED || c.setAside() > 0 ? " (see `helpdesk status`)" : "");
    }

    private static String dryRunLine(MailboxReport report) {
        MailboxReport.Counts c = report.counts();
        return report.mailbox() + ": would fetch " + c.newMessages() + " messages (" + HumanUnits.bytes(c.bytes())
                + "), " + c.setAside() + " too big would stay on the server, " + c.remaining()
                + " would wait for a later run (dry run: nothing was changed)";
    }

    private static String seconds(MailboxReport report) {
        return String.format(Locale.ROOT, "%.1f", report.took().toMillis() / 1000.0);
    }

    private Map<String, Object> toJson(List<MailboxReport> reports, int code) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dryRun", dryRun);
        json.put("exitCode", code);
        json.put("mailboxes", reports.stream().map(report -> {
            MailboxReport.Counts c = report.counts();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", report.mailbox());
            m.put("outcome", report.outcome().key());
            m.put("new", c.newMessages());
            m.put("duplicates", c.duplicates());
            m.put("quarantined", c.quarantined());
            m.put("oversized", c.setAside());
            m.put("setAside", c.setAside());
            m.put("refused", c.refused());
            m.put("recovered", c.recovered());
            m.put("actionsApplied", c.actionsApplied());
            m.put("remaining", c.remaining());
            m.put("bytes", c.bytes());
            m.put("seconds", report.took().toMillis() / 1000.0);
            m.put("error", report.error().orElse(null));
            return m;
        }).toList());
        return json;
    }
}
