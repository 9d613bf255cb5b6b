package dev.helpdesk.cli;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.SkippedQuery;
import dev.helpdesk.fetch.SkippedQuery.Skipped;
import dev.helpdesk.mail.Address;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code helpdesk skipped}: the messages left on the server on purpose, and fetching them on demand. */
@Command(name = "skipped", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Messages left on the server (too big, or a body the server would not give): list them, or"
                + " fetch them now regardless of the limits.",
        subcommands = {SkippedCommand.ListSkipped.class, SkippedCommand.FetchSkipped.class})
final class SkippedCommand {
    private final Wiring wiring;

    SkippedCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every message left on the server, with what its header section says.")
    static final class ListSkipped implements Callable<Integer> {
        @ParentCommand
        private SkippedCommand parent;
        @Spec
        private CommandSpec spec;
        @Option(names = "--mailbox", paramLabel = "M", description = "Only this mailbox.")
        private Optional<String> mailbox = Optional.empty();
        @Option(names = "--json", description = "Print a JSON array (documented in README.md).")
        private boolean json;

        @Override
        public Integer call() {
            List<Skipped> skipped = parent.wiring.readStore(store -> parent.wiring.skipped(store).list(mailbox),
                    List::of);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new Json().write(skipped.stream().map(SkippedCommand::toJson).toList()));
                return ExitCodes.OK;
            }
            if (skipped.isEmpty()) {
                out.println("Nothing is set aside: every message was fetched.");
                return ExitCodes.OK;
            }
            HumanUnits units = new HumanUnits(parent.wiring.clock().getZone());
            for (Skipped s : skipped) {
                out.println("#" + s.id() + "  " + s.mailbox() + "/" + SafeText.line(s.folder()) + " UID " + s.uid()
                        + ", " + HumanUnits.bytes(s.size()) + ", " + SafeText.line(reason(s))
                        + (s.requested() ? " (fetch requested)" : ""));
                out.println("      from " + s.header().from().map(SkippedCommand::address).orElse("(unknown)")
                        + ", " + s.header().date().map(units::time).orElse("no date") + ", set aside "
                        + HumanUnits.duration(Duration.between(s.setAsideAt(), parent.wiring.clock().instant()))
                        + " ago");
                out.println("      Subject: " + (s.header().subject().isEmpty() ? "(none)"
                        : SafeText.line(s.header().subject())));
            }
            out.println("Next: `helpdesk skipped fetch ID` (or --all) imports them now, whatever the limits.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Import set-aside messages now, regardless of the limits, under each mailbox's lock.")
    static final class FetchSkipped implements Callable<Integer> {
        @ParentCommand
        private SkippedCommand parent;
        @Spec
        private CommandSpec spec;
        @ArgGroup(multiplicity = "1")
        private Which which;

        /** Some IDs, or all of them. */
        static final class Which {
            @Parameters(paramLabel = "ID", arity = "1..*", description = "The numbers `skipped list` shows.")
            List<Long> ids;
            @Option(names = "--all", description = "Every set-aside message.")
            boolean all;
        }

        @Override
        public Integer call() {
            Wiring wiring = parent.wiring;
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = wiring.openStore()) {
                SkippedQuery query = wiring.skipped(store);
                List<Skipped> chosen = new ArrayList<>();
                if (which.all) {
                    chosen.addAll(query.list(Optional.empty()));
                } else {
                    for (long id : which.ids) {
                        chosen.add(query.find(id).orElseThrow(() -> new UsageException("there is no set-aside"
                                + " message " + id + "; `helpdesk skipped list` shows them.")));
                    }
                }
                if (chosen.isEmpty()) {
                    out.println("Nothing is set aside: every message was fetched.");
                    return ExitCodes.OK;
                }
                Set<MailboxConfig> mailboxes = new LinkedHashSet<>();
                for (Skipped s : chosen) {
                    mailboxes.add(wiring.config().mailbox(s.mailbox()).orElseThrow(() -> new UsageException(
                            "message " + s.id() + " belongs to mailbox " + s.mailbox() + ", which is no longer in "
                                    + wiring.config().source() + "; add it back to fetch the message.")));
                }
                query.request(chosen.stream().map(Skipped::id).toList());
                List<MailboxReport> reports = wiring.fetch(store).fetchRequested(List.copyOf(mailboxes));
                for (MailboxReport report : reports) {
                    FetchCommand.print(report, false, wiring.quiet(), out, spec.commandLine().getErr());
                }
                return ExitCodes.of(reports);
            }
        }
    }

    private static String reason(Skipped s) {
        return switch (s.reason()) {
            case "too-big" -> s.overLimit().filter(limit -> limit > 0)
                    .map(limit -> "too big (limits.maxMessageSize is " + HumanUnits.bytes(limit) + ")")
                    .or(() -> s.detail().map(detail -> "too big: " + detail))
                    .orElse("too big");
            default -> s.reason() + s.detail().map(detail -> ": " + detail).orElse("");
        };
    }

    private static String address(Address a) {
        return SafeText.line(a.name().map(name -> name + " <" + a.email() + ">").orElse(a.email()));
    }

    private static Map<String, Object> toJson(Skipped s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("mailbox", s.mailbox());
        json.put("folder", s.folder());
        json.put("uid", s.uid());
        json.put("size", s.size());
        json.put("reason", s.reason());
        json.put("detail", s.detail().orElse(null));
        json.put("maxMessageSize", s.overLimit().filter(limit -> limit > 0).orElse(null));
        json.put("requested", s.requested());
        json.put("setAsideAt", s.setAsideAt().toString());
        json.put("from", s.header().from().map(Address::email).orElse(null));
        json.put("fromName", s.header().from().flatMap(Address::name).orElse(null));
        json.put("subject", s.header().subject());
        json.put("date", s.header().date().map(Object::toString).orElse(null));
        return json;
    }
}
