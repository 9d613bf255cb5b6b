package dev.helpdesk.cli;

import dev.helpdesk.config.Durations;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.store.RunTable.Run;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk runs}: the run history, newest first, one row per mailbox run. Changes nothing. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "The run history, newest first: when each mailbox's fetch started, how long it took, how it"
                + " ended, what it did and its error. Kept for runRetention (30d). Changes nothing.")
final class RunsCommand implements Callable<Integer> {
    static final int MAX_LIMIT = 10_000;

    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--mailbox", paramLabel = "NAME", description = "Only this mailbox's runs.")
    private Optional<String> mailbox = Optional.empty();

    @Option(names = "--since", paramLabel = "AGE", description = "Only runs started within this age: 90s, 30m, 2h, 1d.")
    private Optional<String> since = Optional.empty();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "At most this many runs (default ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--json", description = "Print a JSON array (documented in README.md).")
    private boolean json;

    RunsCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new UsageException("--limit must be from 1 to " + MAX_LIMIT + ", got " + limit + ".");
        }
        Optional<Instant> from = since.map(this::since);
        List<Run> runs = wiring.readStore(store -> wiring.runHistory(store).recent(mailbox, from, limit), List::of);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new Json().write(runs.stream().map(RunsCommand::toJson).toList()));
            return ExitCodes.OK;
        }
        if (runs.isEmpty()) {
            out.println(nothing());
            return ExitCodes.OK;
        }
        HumanUnits units = new HumanUnits(wiring.clock().getZone());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("STARTED", "MAILBOX", "HOST", "OUTCOME", "TOOK", "NEW", "DUPLICATES", "QUARANTINED",
                "SET ASIDE", "REFUSED", "RECOVERED", "ACTIONS", "REMAINING", "ERROR"));
        for (Run run : runs) {
            rows.add(List.of(units.time(run.startedAt()), run.mailbox(), SafeText.line(run.host()), run.outcome(),
                    took(Duration.between(run.startedAt(), run.endedAt())), num(run.newMessages()),
                    num(run.duplicates()), num(run.quarantined()), num(run.setAside()), num(run.refused()),
                    num(run.recovered()), num(run.actions()), num(run.remaining()),
                    run.error().map(SafeText::line).orElse("")));
        }
        print(out, rows);
        return ExitCodes.OK;
    }

    private Instant since(String age) {
        try {
            return wiring.clock().instant().minus(Durations.parse(age));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--since: " + e.getMessage() + ".");
        }
    }

    private String nothing() {
        String what = "No runs" + mailbox.map(name -> " of mailbox " + name).orElse("")
                + since.map(age -> " started in the last " + age).orElse("") + " are recorded.";
        List<String> names = wiring.config().mailboxes().stream().map(MailboxConfig::name).toList();
        if (mailbox.isPresent() && !names.contains(mailbox.get())) {
            return what + " " + mailbox.get() + " is not a configured mailbox; the mailboxes are: "
                    + names.stream().collect(Collectors.joining(", ")) + ".";
        }
        return what;
    }

    /** TOOK and the counts, right-aligned; STARTED, MAILBOX, HOST and OUTCOME before them are text. */
    private static final int FIRST_NUMBER = 4;

    /** Columns padded to their widest cell; numbers right-aligned, the error last and unpadded. */
    private static void print(PrintWriter out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                boolean numeric = c >= FIRST_NUMBER && c < columns - 1;
                String pad = " ".repeat(c == columns - 1 ? 0 : width[c] - cell.length());
                line.append(numeric ? pad + cell : cell + pad).append(c == columns - 1 ? "" : "  ");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String num(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String took(Duration took) {
        return took.toSeconds() < 60 ? String.format(Locale.ROOT, "%.1fs", took.toMillis() / 1000.0)
                : HumanUnits.duration(took);
    }

    static Map<String, Object> toJson(Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mailbox", run.mailbox());
        json.putAll(StatusCommand.runJson(run));
        json.put("seconds", Duration.between(run.startedAt(), run.endedAt()).toMillis() / 1000.0);
        json.put("bytes", run.bytes());
        return json;
    }
}
