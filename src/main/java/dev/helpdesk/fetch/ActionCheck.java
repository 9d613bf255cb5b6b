package dev.helpdesk.fetch;

import dev.helpdesk.config.AfterFetch;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.MailSession;
import dev.helpdesk.mail.ServerCapabilities;
import java.util.Optional;

/**
 * Whether a mailbox's afterFetch can work on its server, checked before any body is fetched: a move or
 * delete that the server cannot do safely would otherwise be queued for every message and never applied.
 */
final class ActionCheck {
    private ActionCheck() {
    }

    /** Empty when afterFetch can work here; else why not and what to change. Creates a missing move target. */
    static Optional<String> problem(MailSession session, MailboxConfig mailbox) {
        AfterFetch action = mailbox.afterFetch();
        ServerCapabilities server = session.capabilities();
        String where = "The server " + session.describe();
        switch (action.kind()) {
            case DELETE -> {
                if (!server.uidplus()) {
                    return Optional.of(where + " does not support UIDPLUS (UID EXPUNGE), so fetched mail cannot be"
                            + " deleted without a bare EXPUNGE, which would also remove mail other clients flagged"
                            + " deleted; set afterFetch to \"mark-seen\" or \"none\" for mailbox " + mailbox.name()
                            + ". Nothing was fetched.");
                }
            }
            case MOVE -> {
                if (!server.move() && !server.uidplus()) {
                    return Optional.of(where + " supports neither MOVE nor UIDPLUS, so fetched mail cannot be moved"
                            + " without a bare EXPUNGE, which would also remove mail other clients flagged deleted;"
                            + " set afterFetch to \"mark-seen\" or \"none\" for mailbox " + mailbox.name()
                            + ". Nothing was fetched.");
                }
                String target = action.folder().orElseThrow();
                if (mailbox.folders().stream().anyMatch(folder -> folder.equals(target)
                        || folder.equalsIgnoreCase("INBOX") && target.equalsIgnoreCase("INBOX"))) {
                    return Optional.of("Mailbox " + mailbox.name() + " moves fetched mail to \"" + target
                            + "\", a folder it also drains; name another folder in afterFetch (move:FOLDER).");
                }
                if (!session.folderExists(target)) {
                    try {
                        session.createFolder(target);
                    } catch (MailException e) {
                        return Optional.of("afterFetch moves fetched mail to \"" + target + "\", which does not exist"
                                + " on " + session.describe() + " and could not be created: " + e.getMessage());
                    }
                }
            }
            case MARK_SEEN, NONE -> {
            }
        }
        return Optional.empty();
    }
}
