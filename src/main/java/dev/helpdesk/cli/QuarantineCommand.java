package dev.helpdesk.cli;

import dev.helpdesk.fetch.QuarantineRetry;
import dev.helpdesk.store.QuarantineTable;
import dev.helpdesk.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code helpdesk quarantine}: messages that could not be parsed, kept raw; list, show, retry, export. */
@Command(name = "quarantine", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Messages that could not be parsed are kept raw here with their error; nothing is lost.",
        subcommands = {QuarantineCommand.ListEntries.class, QuarantineCommand.ShowEntry.class, QuarantineCommand.RetryEntries.class,
            QuarantineCommand.ExportEntry.class})
final class QuarantineCommand {
    private final Wiring wiring;

    QuarantineCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    /** One quarantined message, or a usage error naming the way to list them. */
    private QuarantineTable.Entry entry(long id) {
        return wiring.<Optional<QuarantineTable.Entry>>readStore(
                store -> store.read(tx -> tx.quarantine().find(id)), Optional::empty).orElseThrow(() ->
                        new UsageException("there is no quarantined message " + id
                                + "; `helpdesk quarantine list` shows them."));
    }

    /** The first bytes of a quarantined message, however large it is. */
    private byte[] head(QuarantineTable.Entry entry, int max) {
        return wiring.readStore(store -> store.read(tx -> {
            try (java.io.InputStream in = tx.blobs().open(entry.sha256())) {
                return in.readNBytes(max);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read quarantined message " + entry.id() + ": "
                        + e.getMessage(), e);
            }
        }), () -> new byte[0]);
    }

    /** Copies a quarantined message's raw bytes, exactly as the server sent them, to {@code out}. */
    private void copyRaw(QuarantineTable.Entry entry, java.io.OutputStream out) {
        wiring.readStore(store -> store.read(tx -> tx.blobs().copyTo(entry.sha256(), out)), () -> false);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List quarantined messages.")
    static final class ListEntries implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        private QuarantineCommand parent;
        @Spec
        private CommandSpec spec;
        @Option(names = "--json", description = "Print a JSON array (documented in README.md).")
        private boolean json;

        @Override
        public Integer call() {
            List<QuarantineTable.Entry> entries = parent.wiring.readStore(
                    store -> store.read(tx -> tx.quarantine().list()), List::of);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new Json().write(entries.stream().map(QuarantineCommand::toJson).toList()));
            } else if (entries.isEmpty()) {
                out.println("Nothing is quarantined.");
            } else {
                for (QuarantineTable.Entry e : entries) {
                    out.println("#" + e.id() + "  " + e.mailbox() + "/" + SafeText.line(e.folder()) + " UID " + e.uid()
                            + ", "
                            + HumanUnits.bytes(e.size()) + ", " + e.attempts() + (e.attempts() == 1 ? " attempt" : " attempts")
                            + ", since " + HumanUnits.duration(Duration.between(e.createdAt(),
                                    parent.wiring.clock().instant())) + ": " + SafeText.line(e.error()));
                }
                out.println("Next: `helpdesk quarantine show ID`, `helpdesk quarantine retry --all` after an upgrade.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one quarantined message: where it came from, the error, and its header section.")
    static final class ShowEntry implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        private QuarantineCommand parent;
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The number `quarantine list` shows.")
        private long id;

        @Override
        public Integer call() {
            QuarantineTable.Entry e = parent.entry(id);
            PrintWriter out = spec.commandLine().getOut();
            out.println("#" + e.id() + "  " + e.mailbox() + "/" + SafeText.line(e.folder()) + " UID " + e.uid());
            out.println("  error     " + SafeText.line(e.error()));
            out.println("  attempts  " + e.attempts());
            out.println("  size      " + HumanUnits.bytes(e.size()) + ", sha256 " + e.sha256());
            out.println("  starts with:");
            String raw = new String(parent.head(e, 4000), java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") : raw.indexOf("\n\n");
            SafeText.block(raw.substring(0, end < 0 ? Math.min(raw.length(), 4000) : Math.min(end, 4000))).lines()
                    .forEach(line -> out.println("    " + line));
            out.println("Export the raw message with `helpdesk quarantine export " + id + " FILE`.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Run the current parser on quarantined messages; each one that parses moves into its"
                    + " conversation.")
    static final class RetryEntries implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        private QuarantineCommand parent;
        @Spec
        private CommandSpec spec;
        @ArgGroup(multiplicity = "1")
        private Which which;

        /** One ID, or all of them. */
        static final class Which {
            @Parameters(paramLabel = "ID", description = "The message to retry.")
            Long id;
            @Option(names = "--all", description = "Retry every quarantined message.")
            boolean all;
        }

        @Override
        public Integer call() {
            if (!which.all) {
                parent.entry(which.id);
            }
            PrintWriter out = spec.commandLine().getOut();
            boolean allStored = true;
            try (Store store = parent.wiring.openStore()) {
                QuarantineRetry retry = parent.wiring.quarantineRetry(store);
                List<Long> ids = which.all ? retry.ids() : List.of(which.id);
                for (long id : ids) {
                    QuarantineRetry.Attempt attempt = retry.retry(id);
                    out.println("#" + id + ": " + SafeText.line(attempt.detail()));
                    allStored &= attempt.stored();
                }
                if (ids.isEmpty()) {
                    out.println("Nothing is quarantined.");
                }
            }
            return allStored ? ExitCodes.OK : ExitCodes.QUARANTINED;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a quarantined message's raw bytes to FILE, exactly as the server sent them.")
    static final class ExportEntry implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        private QuarantineCommand parent;
        @Spec
        private CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID")
        private long id;
        @Parameters(index = "1", paramLabel = "FILE")
        private Path file;
        @Option(names = "--force", description = "Overwrite FILE if it exists.")
        private boolean force;

        @Override
        public Integer call() {
            QuarantineTable.Entry e = parent.entry(id);
            if (Files.exists(file) && !force) {
                throw new UsageException(file + " exists; choose another file or add --force to overwrite it.");
            }
            try (java.io.OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                parent.copyRaw(e, out);
            } catch (IOException ex) {
                throw new UncheckedIOException("could not write " + file + ": " + ex.getMessage(), ex);
            }
            spec.commandLine().getOut().println("Wrote " + HumanUnits.bytes(e.size()) + " to " + file + ".");
            return ExitCodes.OK;
        }
    }

    private static Map<String, Object> toJson(QuarantineTable.Entry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("mailbox", e.mailbox());
        json.put("folder", e.folder());
        json.put("uid", e.uid());
        json.put("size", e.size());
        json.put("sha256", e.sha256());
        json.put("attempts", e.attempts());
        json.put("createdAt", e.createdAt().toString());
        json.put("error", e.error());
        return json;
    }
}
