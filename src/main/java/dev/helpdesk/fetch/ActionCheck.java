package dev.helpdesk.fetch;

import dev.helpdesk.config.AfterFetch;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.MailSession;
import dev.helpdesk.mail.ServerCapabilities;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a mailbox's afterFetch can work on its server, checked before any body is fetched: a move or
 * delete that the server cannot do safely would otherwise be queued for every message and never applied.
 * The rule itself only looks ({@link #judge}), so {@code mailbox test} applies the very same one; creating a
 * missing move target is the fetch's business ({@link #problem}).
 */
public final class ActionCheck {
    private ActionCheck() {
    }

    /** What the rule says about one mailbox on one server. */
    public sealed interface Verdict {
    }

    /** afterFetch works here as it is. */
    public record Possible() implements Verdict {
    }

    /** afterFetch moves mail to a folder that does not exist yet; a fetch creates it first. */
    public record NeedsFolder(String target) implements Verdict {
    }

    /** afterFetch cannot work here: why, and what to change. */
    public record Impossible(String why) implements Verdict {
    }

    /**
     * The rule, reading only: capabilities, and whether the move target exists.
     *
     * @param server {@code host:port (security)}, for the sentences
     */
    public static Verdict judge(ServerCapabilities capabilities, String server, MailboxConfig mailbox,
            Predicate<String> folderExists) {
        AfterFetch action = mailbox.afterFetch();
        String where = "The server " + server;
        switch (action.kind()) {
            case DELETE -> {
                if (!capabilities.uidplus()) {
                    return new Impossible(where + " does not support UIDPLUS (UID EXPUNGE), so fetched mail cannot be"
                            + " deleted without a bare EXPUNGE, which would also remove mail other clients flagged"
                            + " deleted; set afterFetch to \"mark-seen\" or \"none\" for mailbox " + mailbox.name() + ".");
                }
            }
            case MOVE -> {
                if (!capabilities.move() && !capabilities.uidplus()) {
                    return new Impossible(where + " supports neither MOVE nor UIDPLUS, so fetched mail cannot be moved"
                            + " without a bare EXPUNGE, which would also remove mail other clients flagged deleted;"
                            + " set afterFetch to \"mark-seen\" or \"none\" for mailbox " + mailbox.name() + ".");
                }
                String target = action.folder().orElseThrow();
                if (mailbox.folders().stream().anyMatch(folder -> folder.equals(target)
                        || folder.equalsIgnoreCase("INBOX") && target.equalsIgnoreCase("INBOX"))) {
                    return new Impossible("Mailbox " + mailbox.name() + " moves fetched mail to \"" + target
                            + "\", a folder it also drains; name another folder in afterFetch (move:FOLDER).");
                }
                if (!folderExists.test(target)) {
                    return new NeedsFolder(target);
                }
            }
            case MARK_SEEN, NONE -> {
            }
        }
        return new Possible();
    }

    /** Empty when afterFetch can work here; else why not and what to change. Creates a missing move target. */
    static Optional<String> problem(MailSession session, MailboxConfig mailbox) {
        Verdict verdict = judge(session.capabilities(), session.describe(), mailbox, session::folderExists);
        if (verdict instanceof Impossible impossible) {
            return Optional.of(impossible.why() + " Nothing was fetched.");
        }
        if (verdict instanceof NeedsFolder needs) {
            try {
                session.createFolder(needs.target());
            } catch (MailException e) {
                return Optional.of("afterFetch moves fetched mail to \"" + needs.target() + "\", which does not exist"
                        + " on " + session.describe() + " and could not be created: " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
