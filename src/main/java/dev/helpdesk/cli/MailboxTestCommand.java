package dev.helpdesk.cli;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.probe.MailboxProbe;
import dev.helpdesk.probe.ProbeReport;
import dev.helpdesk.probe.Verdict;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code helpdesk mailbox test}: each step of a mailbox's connection with its time and verdict. Changes nothing. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Test every configured mailbox (or those named) step by step, as a fetch connects: name"
                + " resolution and connect, TLS, greeting, login, capabilities, each folder (by EXAMINE), whether"
                + " afterFetch can work, the lock. Says what to change when a step fails. Changes nothing, anywhere."
                + " Exit codes as fetch.")
final class MailboxTestCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Mailboxes to test (default: all).")
    private List<String> names = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON object (documented in README.md).")
    private boolean json;

    MailboxTestCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        List<MailboxConfig> mailboxes = MailboxSelection.of(wiring.config(), names);
        List<ProbeReport> reports = new ArrayList<>();
        Optional<Store> store = wiring.openExistingStore();
        try {
            MailboxProbe probe = wiring.mailboxProbe(store);
            for (MailboxConfig mailbox : mailboxes) {
                reports.add(probe.test(mailbox));
            }
        } finally {
            store.ifPresent(Store::close);
        }
        int code = ExitCodes.ofOutcomes(reports.stream().map(ProbeReport::outcome).toList());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("exitCode", code);
            all.put("mailboxes", reports.stream().map(this::toJson).toList());
            out.println(new Json().write(all));
            return code;
        }
        ProbeText text = new ProbeText(new HumanUnits(wiring.clock().getZone()), wiring.clock());
        for (int i = 0; i < reports.size(); i++) {
            if (i > 0) {
                out.println();
            }
            text.print(reports.get(i), out);
        }
        return code;
    }

    private Map<String, Object> toJson(ProbeReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", report.mailbox());
        json.put("server", report.server());
        json.put("outcome", report.outcome().key());
        json.put("exitCode", ExitCodes.of(report.outcome()));
        json.put("steps", report.steps().stream().map(step -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", step.kind());
            s.put("folder", step.folder().orElse(null));
            s.put("verdict", step.verdict().key());
            s.put("ms", step.took().toMillis());
            s.put("note", step.note().orElse(null));
            s.put("outcome", step.outcome().map(o -> o.key()).orElse(null));
            s.put("facts", step.facts().map(facts -> ProbeText.json(facts, wiring.clock())).orElse(null));
            return s;
        }).toList());
        return json;
    }

    /** For the summary line: "ok", or the outcome a fetch would report and its exit code. */
    static String summary(ProbeReport report) {
        long failed = report.steps().stream().filter(s -> s.verdict() == Verdict.FAILED).count();
        long warned = report.steps().stream().filter(s -> s.verdict() == Verdict.WARNING).count();
        if (failed == 0) {
            return "ok" + (warned > 0 ? String.format(Locale.ROOT, ", %d %s", warned, warned == 1 ? "warning"
                    : "warnings") : "") + " (exit 0)";
        }
        return report.outcome().key() + ": " + failed + (failed == 1 ? " step failed" : " steps failed") + " (exit "
                + ExitCodes.of(report.outcome()) + ")";
    }
}
