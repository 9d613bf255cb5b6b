package dev.helpdesk.cli;

import dev.helpdesk.store.ConversationTable.Conversation;
import dev.helpdesk.store.MessageTable.StoredAttachment;
import dev.helpdesk.store.MessageTable.StoredMessage;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code helpdesk conversations} (alias {@code tickets}): read what the fetch turned into conversations. */
@Command(name = "conversations", aliases = "tickets", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND", description = "List and read conversations (alias: tickets).",
        subcommands = {ConversationsCommand.ListConversations.class, ConversationsCommand.ShowConversation.class,
            ConversationsCommand.SetStatus.Close.class, ConversationsCommand.SetStatus.Reopen.class})
final class ConversationsCommand {
    private final Wiring wiring;

    ConversationsCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Conversations, newest activity first.")
    static final class ListConversations implements Callable<Integer> {
        @ParentCommand
        private ConversationsCommand parent;
        @Spec
        private CommandSpec spec;
        @Option(names = "--status", paramLabel = "S", description = "open or closed.")
        private Optional<String> status = Optional.empty();
        @Option(names = "--mailbox", paramLabel = "M", description = "Only this mailbox.")
        private Optional<String> mailbox = Optional.empty();
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N (default 50).")
        private int limit;
        @Option(names = "--json", description = "Print a JSON array (documented in README.md).")
        private boolean json;

        @Override
        public Integer call() {
            status.filter(s -> !s.equals("open") && !s.equals("closed")).ifPresent(s -> {
                throw new UsageException("--status takes open or closed, not " + s + ".");
            });
            PrintWriter out = spec.commandLine().getOut();
            HumanUnits units = new HumanUnits(parent.wiring.clock().getZone());
            // Written as the rows are read: a list of 100,000 conversations is never held whole.
            int listed = parent.wiring.readStore(store -> store.read(tx -> {
                if (json) {
                    try (Json.ArrayWriter array = new Json().array(out)) {
                        int count = tx.conversations().each(status, mailbox, limit, c -> array.add(toJson(c)));
                        array.end();
                        return count;
                    }
                }
                return tx.conversations().each(status, mailbox, limit, c -> print(c, units, out));
            }), () -> -1); // no store yet
            if (json) {
                out.println(listed < 0 ? new Json().write(List.of()) : "");
            } else if (listed <= 0) {
                out.println("No conversations" + status.map(s -> " with status " + s).orElse("") + ".");
            }
            return ExitCodes.OK;
        }
    }

    private static void print(Conversation c, HumanUnits units, PrintWriter out) {
        out.println("#" + c.number() + "  " + c.status() + "  " + c.mailbox() + "  " + SafeText.line(c.subject()));
        out.println("      " + c.customerName()
                .map(n -> SafeText.line(n) + " <" + SafeText.line(c.customerEmail().orElse("")) + ">")
                .orElse(SafeText.line(c.customerEmail().orElse("(no sender)"))) + ", " + c.messages()
                + (c.messages() == 1 ? " message" : " messages") + ", last " + units.time(c.updatedAt()));
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One conversation: participants, and each message with its new text, flags and attachments.")
    static final class ShowConversation implements Callable<Integer> {
        @ParentCommand
        private ConversationsCommand parent;
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "N", description = "The conversation number.")
        private long number;
        @Option(names = "--json", description = "Print a JSON object (documented in README.md).")
        private boolean json;

        @Override
        public Integer call() {
            Store store = parent.wiring.openExistingStore().orElseThrow(() -> unknown());
            Conversation conversation;
            List<String> participants;
            List<StoredMessage> messages;
            Map<Long, List<StoredAttachment>> attachments = new LinkedHashMap<>();
            try (store) {
                // One read of the small columns: raw mail and HTML live in tables of their own.
                record Loaded(Conversation conversation, List<String> participants, List<StoredMessage> messages,
                        List<StoredAttachment> attachments) {
                }
                Loaded loaded = store.read(tx -> new Loaded(
                        tx.conversations().find(number).orElseThrow(this::unknown),
                        tx.conversations().participants(number), tx.messages().inConversation(number),
                        tx.messages().attachmentsInConversation(number)));
                conversation = loaded.conversation();
                participants = loaded.participants();
                messages = loaded.messages();
                messages.forEach(m -> attachments.put(m.id(), new java.util.ArrayList<>()));
                loaded.attachments().forEach(a -> attachments.get(a.messageId()).add(a));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> root = toJson(conversation);
                root.put("participants", participants);
                root.put("messages", messages.stream().map(m -> messageJson(m, attachments.get(m.id()))).toList());
                out.println(new Json().write(root));
                return ExitCodes.OK;
            }
            HumanUnits units = new HumanUnits(parent.wiring.clock().getZone());
            out.println("#" + conversation.number() + "  " + SafeText.line(conversation.subject()));
            out.println("  status        " + conversation.status() + " (mailbox " + conversation.mailbox() + ")");
            out.println("  participants  " + String.join(", ", participants.stream().map(SafeText::line).toList()));
            for (StoredMessage m : messages) {
                out.println();
                out.println("── " + m.fromName()
                        .map(n -> SafeText.line(n) + " <" + SafeText.line(m.fromEmail().orElse("")) + ">")
                        .orElse(SafeText.line(m.fromEmail().orElse("(no sender)"))) + ", "
                        + units.time(m.date().orElse(m.receivedAt()))
                        + (m.kind().equals("normal") ? "" : "  [" + label(m.kind()) + "]"));
                out.println("   Subject: " + SafeText.line(m.subject()));
                m.newText().or(m::text).ifPresent(text -> SafeText.block(text).lines()
                        .forEach(line -> out.println("   " + line)));
                for (StoredAttachment a : attachments.get(m.id())) {
                    out.println("   [attachment] " + SafeText.line(a.name()) + " (" + SafeText.line(a.contentType())
                            + ", " + HumanUnits.bytes(a.size())
                            + a.omitted().map(reason -> ", not stored: " + SafeText.line(reason)).orElse("") + ")");
                }
            }
            return ExitCodes.OK;
        }

        private static String label(String kind) {
            return switch (kind) {
                case "own" -> "from us";
                case "list" -> "mailing list";
                default -> kind;
            };
        }

        private UsageException unknown() {
            return new UsageException("there is no conversation #" + number
                    + "; `helpdesk conversations list` shows them.");
        }
    }

    /** {@code close N} and {@code reopen N}: a customer's next reply reopens a closed conversation by itself. */
    abstract static class SetStatus implements Callable<Integer> {
        @ParentCommand
        private ConversationsCommand parent;
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "N", description = "The conversation number.")
        private long number;

        abstract String status();

        @Override
        public Integer call() {
            Store store = parent.wiring.openExistingStore().orElseThrow(() -> new UsageException(
                    "there is no conversation #" + number + ": no database yet."));
            try (store) {
                store.inTransaction(tx -> {
                    tx.conversations().find(number).orElseThrow(() -> new UsageException("there is no conversation #"
                            + number + "; `helpdesk conversations list` shows them."));
                    tx.conversations().setStatus(number, status(), parent.wiring.clock().instant());
                    return null;
                });
            }
            spec.commandLine().getOut().println("Conversation #" + number + " is " + status() + ".");
            return ExitCodes.OK;
        }

        @Command(name = "close", mixinStandardHelpOptions = true,
                description = "Close a conversation; a customer's reply reopens it, an auto-reply or bounce does not.")
        static final class Close extends SetStatus {
            @Override
            String status() {
                return "closed";
            }
        }

        @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Reopen a closed conversation.")
        static final class Reopen extends SetStatus {
            @Override
            String status() {
                return "open";
            }
        }
    }

    private static Map<String, Object> toJson(Conversation c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("number", c.number());
        json.put("mailbox", c.mailbox());
        json.put("subject", c.subject());
        json.put("status", c.status());
        json.put("customer", c.customerEmail().orElse(null));
        json.put("customerName", c.customerName().orElse(null));
        json.put("messages", c.messages());
        json.put("createdAt", c.createdAt().toString());
        json.put("updatedAt", c.updatedAt().toString());
        return json;
    }

    private static Map<String, Object> messageJson(StoredMessage m, List<StoredAttachment> attachments) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("messageId", m.messageId());
        json.put("kind", m.kind());
        json.put("from", m.fromEmail().orElse(null));
        json.put("fromName", m.fromName().orElse(null));
        json.put("to", m.to().isEmpty() ? List.of() : List.of(m.to().split("\n")));
        json.put("cc", m.cc().isEmpty() ? List.of() : List.of(m.cc().split("\n")));
        json.put("subject", m.subject());
        json.put("date", m.date().map(Object::toString).orElse(null));
        json.put("text", m.text().orElse(null));
        json.put("newText", m.newText().orElse(null));
        json.put("hasHtml", m.hasHtml());
        json.put("listId", m.listId().orElse(null));
        json.put("notes", m.notes().map(n -> List.of(n.split("\n"))).orElse(List.of()));
        json.put("attachments", attachments.stream().map(a -> {
            Map<String, Object> aj = new LinkedHashMap<>();
            aj.put("name", a.name());
            aj.put("contentType", a.contentType());
            aj.put("size", a.size());
            aj.put("sha256", a.sha256().orElse(null));
            aj.put("contentId", a.contentId().orElse(null));
            aj.put("inline", a.inline());
            aj.put("omitted", a.omitted().orElse(null));
            return aj;
        }).toList());
        return json;
    }
}
