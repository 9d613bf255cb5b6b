package dev.helpdesk.cli;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.copy.CopyToPostgres;
import dev.helpdesk.store.CopyReport;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.StoreCopy;
import dev.helpdesk.store.StoreTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk store copy --to CONFIG}: this host's SQLite store into the empty PostgreSQL database of CONFIG. */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = "Copy this config's SQLite store (messages, conversations, ledger, quarantine, set-aside"
                + " messages, runs, token caches) into the empty PostgreSQL database of another config, then count"
                + " every table on both sides. Holds every mailbox's fetch lock meanwhile: pause cron or the timer"
                + " first. The SQLite store is left as it was.")
final class StoreCopyCommand implements Callable<Integer> {
    /** Between two progress lines of one long table, so a copy of gigabytes shows it is alive. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--to", paramLabel = "CONFIG", required = true, description = "The config whose \"store\":"
            + " {\"postgres\": ...} receives the copy; its tokenKey encrypts the token caches.")
    private Path to;

    StoreCopyCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        Config target = wiring.loadConfig(to);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StoreTarget into;
        try {
            into = checkedTarget(target);
        } catch (CredentialException e) {
            // The database password's variable or file is missing: a setup problem of CONFIG, as any other in it.
            err.println("helpdesk: " + to + ": " + SafeText.line(e.getMessage()));
            return ExitCodes.CONFIG;
        }
        Store source = wiring.openExistingStore().orElseThrow(() -> new UsageException("there is nothing to copy:"
                + " no database exists at " + wiring.dataDir().database() + " (the store of "
                + wiring.config().source() + ")."));
        CopyToPostgres.Outcome outcome;
        try (source; Store locks = wiring.openStore(); Store copy = wiring.openStore(into)) {
            if (!wiring.quiet()) {
                err.println("store copy: " + source.describe() + " into " + copy.describe() + ", under the fetch"
                        + " locks of " + wiring.config().mailboxes().size() + " mailbox(es)");
            }
            outcome = wiring.copyToPostgres(locks, target).run(wiring.config().mailboxes().stream()
                    .map(MailboxConfig::name).toList(), source, copy, progress(err));
        }
        if (outcome instanceof CopyToPostgres.Busy busy) {
            err.println("helpdesk: mailbox " + busy.mailbox() + " is busy: its lock " + busy.lock() + " is held by "
                    + SafeText.line(busy.holder()) + "; nothing was copied. Pause cron (or the systemd timer) that"
                    + " runs helpdesk fetch, wait for that run to end (`helpdesk lock show`), then copy again.");
            return ExitCodes.BUSY;
        }
        if (outcome instanceof CopyToPostgres.LeaseLost lost) {
            err.println("helpdesk: the lock " + lost.lock() + " ran out during the copy and another run took it"
                    + " over; nothing was copied. Pause cron (or the systemd timer) that runs helpdesk fetch, then"
                    + " copy again.");
            return ExitCodes.LEASE_LOST;
        }
        CopyToPostgres.Copied copied = (CopyToPostgres.Copied) outcome;
        CopyReport report = copied.report();
        if (!wiring.quiet() || !report.mismatches().isEmpty()) {
            printTable(report, out);
        }
        if (!report.mismatches().isEmpty()) {
            CopyReport.Table first = report.mismatches().get(0);
            err.println("helpdesk: the copy was committed, but " + report.mismatches().size() + " table(s) now count"
                    + " differently, first " + first.name() + " (source " + first.source() + ", target "
                    + first.target() + "): something wrote to one of them after the copy read it (a helpdesk already"
                    + " using " + to + ", or a command that takes no fetch lock, such as quarantine retry). Stop"
                    + " everything that uses either store, empty the database of " + to + " and copy again.");
            return ExitCodes.COPY_UNVERIFIED;
        }
        if (!wiring.quiet()) {
            out.println("Copied " + report.targetRows() + " rows in " + seconds(copied.took()) + " s"
                    + (copied.tokenCaches() > 0 ? ", " + copied.tokenCaches() + " token cache(s) among them" : "")
                    + "; every table counts the same on both sides.");
            out.println("Next: point every host at " + to + " (--config or $HELPDESK_CONFIG) and resume cron; the"
                    + " SQLite store stays as it was.");
        }
        return ExitCodes.OK;
    }

    /** The PostgreSQL store of CONFIG; never the store being copied. */
    private StoreTarget checkedTarget(Config target) {
        if (target.postgres().isEmpty()) {
            throw new UsageException(to + " has no \"store\": {\"postgres\": ...}, so it names no PostgreSQL"
                    + " database to copy into. Add one to it, or name the config that has one.");
        }
        Config config = wiring.config();
        if (config.postgres().isPresent()) {
            throw new UsageException(config.postgres().get().url().equals(target.postgres().get().url())
                    ? to + " names the same database as " + config.source() + " (" + config.postgres().get().url()
                            + "); a store cannot be copied into itself. Name the config of a new, empty database."
                    : "the store of " + config.source() + " is already in PostgreSQL (" + config.postgres().get().url()
                            + "); store copy copies a host's SQLite store. Move a PostgreSQL database with pg_dump"
                            + " and pg_restore.");
        }
        return wiring.storeTarget(target);
    }

    /** A line per table when it is done, and one every so often while a long one is copied. */
    private StoreCopy.Progress progress(PrintWriter err) {
        if (wiring.quiet()) {
            return (table, rows, of) -> { };
        }
        Instant[] last = {wiring.clock().instant()};
        return (table, rows, of) -> {
            Instant now = wiring.clock().instant();
            if (rows >= of || Duration.between(last[0], now).compareTo(PROGRESS_EVERY) >= 0) {
                err.println("store copy: " + table + ": " + rows + (rows >= of ? "" : " of " + of)
                        + (rows == 1 && of == 1 ? " row" : " rows"));
                last[0] = now;
            }
        };
    }

    private static void printTable(CopyReport report, PrintWriter out) {
        int width = report.tables().stream().mapToInt(t -> t.name().length()).max().orElse(5);
        String format = "%-" + width + "s  %10s  %10s%s%n";
        out.printf(Locale.ROOT, format, "table", "source", "target", "");
        for (CopyReport.Table table : report.tables()) {
            out.printf(Locale.ROOT, format, table.name(), table.source(), table.target(),
                    table.matches() ? "" : "  differs");
        }
        out.printf(Locale.ROOT, format, "total", report.sourceRows(), report.targetRows(), "");
    }

    private static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0);
    }
}
