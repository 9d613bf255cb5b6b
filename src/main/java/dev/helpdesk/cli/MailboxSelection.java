package dev.helpdesk.cli;

import dev.helpdesk.config.Config;
import dev.helpdesk.config.MailboxConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The mailboxes a command's NAME or {@code --mailbox} arguments choose: the rule every such command shares. */
final class MailboxSelection {
    private MailboxSelection() {
    }

    /**
     * The named mailboxes in the order given, each once; every configured one when no name is given.
     *
     * @throws UsageException for a name that is not configured, listing the ones that are
     */
    static List<MailboxConfig> of(Config config, List<String> names) {
        List<MailboxConfig> all = config.mailboxes();
        if (names.isEmpty()) {
            return all;
        }
        List<MailboxConfig> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(config.mailbox(name).orElseThrow(() -> new UsageException("there is no mailbox named " + name
                    + " in " + config.source() + "; the mailboxes are: "
                    + all.stream().map(MailboxConfig::name).collect(Collectors.joining(", ")) + ".")));
        }
        return chosen.stream().distinct().toList();
    }
}
