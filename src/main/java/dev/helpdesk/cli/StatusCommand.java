package dev.helpdesk.cli;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.fetch.MailboxStatus;
import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.fetch.DrainSettings;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.store.RefusalTable.Refusal;
import dev.helpdesk.store.RunTable.Run;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk status}: per mailbox, what is stored, how the last runs went and who holds the lock. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per mailbox: stored and quarantined messages, last run, last success, last error, pending"
                + " server actions and the lock's verdict. Changes nothing.")
final class StatusCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array (documented in README.md).")
    private boolean json;

    StatusCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = wiring.config().mailboxes().stream().map(MailboxConfig::name).toList();
        Optional<Store> existing = wiring.openExistingStore();
        if (existing.isEmpty()) {
            if (json) {
                out.println(new Json().write(names.stream().map(name -> toJson(MailboxStatus.never(name))).toList()));
            } else {
                out.println("Nothing has run yet: there is no database at " + wiring.dataDir().database()
                        + ". Run `helpdesk fetch`.");
            }
            return ExitCodes.OK;
        }
        List<MailboxStatus> statuses;
        try (Store store = existing.get()) {
            statuses = wiring.statuses(store).of(names);
        }
        if (json) {
            out.println(new Json().write(statuses.stream().map(this::toJson).toList()));
        } else {
            HumanUnits units = new HumanUnits(wiring.clock().getZone());
            statuses.forEach(status -> print(out, status, units));
        }
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, MailboxStatus s, HumanUnits units) {
        Instant now = wiring.clock().instant();
        out.println(s.mailbox());
        out.println("  messages      " + s.storedMessages() + " stored, " + s.quarantined() + " quarantined, "
                + s.setAside() + " set aside on the server" + (s.setAside() > 0 ? " (see `helpdesk skipped list`)" : ""));
        out.println("  last run      " + s.lastRun().map(run -> when(run, now, units) + ": " + summary(run))
                .orElse("never"));
        out.println("  last success  " + s.lastSuccess().map(run -> when(run, now, units)).orElse("never"));
        out.println("  last error    " + s.lastError().map(run -> when(run, now, units) + ": "
                + SafeText.line(run.error().orElse(""))).orElse("none"));
        out.println("  pending       " + s.pendingActions() + " server actions"
                + s.refusedActions().map(why -> "; " + SafeText.line(why)).orElse(
                        s.pendingActions() > 0 ? " (the next fetch applies them)" : ""));
        for (Refusal r : s.refusals()) {
            out.println("  refused       UID " + r.uid() + " in " + SafeText.line(r.folder()) + ", in " + r.runs()
                    + (r.runs() == 1 ? " run" : " runs") + " (set aside as unfetchable after "
                    + DrainSettings.REFUSALS_BEFORE_SET_ASIDE + "): " + SafeText.line(r.detail()));
        }
        out.println("  lock          " + s.lock().map(StatusCommand::lock).orElse("free"));
        out.println("  history       `helpdesk runs --mailbox " + s.mailbox() + "`");
    }

    private static String when(Run run, Instant now, HumanUnits units) {
        return units.time(run.startedAt()) + " (" + HumanUnits.duration(Duration.between(run.startedAt(), now))
                + " ago) on " + SafeText.line(run.host());
    }

    private static String summary(Run run) {
        return run.outcome() + ", " + run.newMessages() + " new, " + run.quarantined() + " quarantined, "
                + run.setAside() + " set aside, " + run.remaining() + " remaining, took "
                + HumanUnits.duration(Duration.between(run.startedAt(), run.endedAt()));
    }

    private static String lock(LockStatus lock) {
        return lock.verdict().label() + ", " + SafeText.line(lock.holder())
                + (lock.verdict().free() ? "; run `helpdesk lock release " + lock.row().name() + "`" : "");
    }

    private Map<String, Object> toJson(MailboxStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", s.mailbox());
        json.put("storedMessages", s.storedMessages());
        json.put("quarantined", s.quarantined());
        json.put("oversized", s.setAside());
        json.put("setAside", s.setAside());
        json.put("pendingActions", s.pendingActions());
        json.put("refusedActions", s.refusedActions().orElse(null));
        json.put("refused", s.refusals().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folder", r.folder());
            m.put("uid", r.uid());
            m.put("runs", r.runs());
            m.put("detail", r.detail());
            m.put("lastAt", r.lastAt().toString());
            return m;
        }).toList());
        json.put("lastRun", s.lastRun().map(StatusCommand::runJson).orElse(null));
        json.put("lastSuccessAt", s.lastSuccess().map(run -> run.startedAt().toString()).orElse(null));
        json.put("lastError", s.lastError().map(StatusCommand::runJson).orElse(null));
        json.put("lock", s.lock().map(lock -> LockShowCommand.verdictKey(lock.verdict())).orElse("free"));
        return json;
    }

    /** A run as status and runs print it in JSON. */
    static Map<String, Object> runJson(Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", run.startedAt().toString());
        json.put("endedAt", run.endedAt().toString());
        json.put("outcome", run.outcome());
        json.put("host", run.host());
        json.put("exitCode", ExitCodes.of(Outcome.of(run.outcome())));
        json.put("new", run.newMessages());
        json.put("duplicates", run.duplicates());
        json.put("quarantined", run.quarantined());
        json.put("oversized", run.setAside());
        json.put("setAside", run.setAside());
        json.put("refused", run.refused());
        json.put("recovered", run.recovered());
        json.put("actionsApplied", run.actions());
        json.put("remaining", run.remaining());
        json.put("error", run.error().orElse(null));
        return json;
    }
}
