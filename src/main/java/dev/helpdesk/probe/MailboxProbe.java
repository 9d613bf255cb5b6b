package dev.helpdesk.probe;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.auth.TokenStatus;
import dev.helpdesk.auth.TokenStatusQuery;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.fetch.ActionCheck;
import dev.helpdesk.fetch.Connector;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.fetch.Outcomes;
import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.lock.LockVerdict;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.ServerCapabilities;
import dev.helpdesk.mail.ServerInspection;
import dev.helpdesk.store.FolderTable.FolderState;
import dev.helpdesk.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code helpdesk mailbox test}: walks one mailbox's connection step by step, as a fetch would make it, and says
 * for each step what it found and, when it fails, what to change. It only looks: EXAMINE instead of SELECT, no
 * flag, no folder created, no lock taken, no store write, and an OAuth token only from the cache (getting a new
 * one rewrites the token cache, which only a holder of the mailbox's lock may do). A step that needs what a
 * failed step should have given (the connection, the login) is skipped; the lock is always looked at.
 */
public final class MailboxProbe {
    private final Connector connector;
    private final TokenStatusQuery tokens;
    private final Optional<Store> store;
    private final Optional<Locks> locks;
    private final Clock clock;

    /**
     * @param connector with a read-only credential source (cached OAuth tokens only)
     * @param store the store if it exists, read from snapshots only
     */
    public MailboxProbe(Connector connector, TokenStatusQuery tokens, Optional<Store> store, Optional<Locks> locks,
            Clock clock) {
        this.connector = connector;
        this.tokens = tokens;
        this.store = store;
        this.locks = locks;
        this.clock = clock;
    }

    public ProbeReport test(MailboxConfig mailbox) {
        List<Step> steps = new ArrayList<>();
        boolean reached = new ConnectionSteps(connector, clock).run(mailbox, steps);
        for (String kind : ConnectionSteps.kinds(mailbox.security())) {
            if (steps.stream().noneMatch(step -> step.kind().equals(kind))) {
                steps.add(Step.skipped(kind, Optional.empty()));
            }
        }
        Optional<ServerInspection> inspection = Optional.empty();
        if (reached) {
            inspection = login(mailbox, steps);
        } else {
            steps.add(Step.skipped("login", Optional.empty()));
        }
        try {
            boolean on = inspection.isPresent();
            if (on) {
                on = capabilities(inspection.get(), steps);
            } else {
                steps.add(Step.skipped("capabilities", Optional.empty()));
            }
            for (String folder : mailbox.folders()) {
                if (!on) {
                    steps.add(Step.skipped("folder", Optional.of(folder)));
                } else {
                    on = folder(mailbox, folder, inspection.get(), steps);
                }
            }
            if (on) {
                afterFetch(mailbox, inspection.get(), steps);
            } else {
                steps.add(Step.skipped("afterFetch", Optional.empty()));
            }
        } finally {
            inspection.ifPresent(ServerInspection::close);
        }
        steps.add(lock(mailbox));
        return new ProbeReport(mailbox.name(), server(mailbox), steps);
    }

    /** The login as a fetch makes it, with an OAuth token from the cache only. */
    private Optional<ServerInspection> login(MailboxConfig mailbox, List<Step> steps) {
        Instant start = clock.instant();
        Optional<Instant> tokenExpires = Optional.empty();
        if (mailbox.oauth2().isPresent()) {
            TokenStatus token = tokens.of(List.of(mailbox)).get(0);
            switch (token.verdict()) {
                case LOGIN_REQUIRED -> {
                    steps.add(Step.failed("login", since(start), Optional.empty(), Outcome.LOGIN_REQUIRED, "Mailbox "
                            + mailbox.name() + " has no usable Microsoft 365 sign-in (" + token.detail().orElse("")
                            + "): run `helpdesk auth login --mailbox " + mailbox.name() + "`."));
                    return Optional.empty();
                }
                case CACHE_REFUSED -> {
                    steps.add(Step.failed("login", since(start), Optional.empty(), Outcome.MISCONFIGURED,
                            token.detail().orElse("the token cache cannot be used") + ": run `"
                                    + token.nextStep().orElse("helpdesk auth status") + "`."));
                    return Optional.empty();
                }
                case REFRESHES_ON_NEXT_RUN -> {
                    steps.add(new Step("login", Optional.empty(), Verdict.WARNING, since(start),
                            Optional.of(new Facts.Login("AUTHENTICATE XOAUTH2", mailbox.username(),
                                    token.accessTokenExpires())), Optional.of("The cached access token has expired or"
                                    + " expires within five minutes, and a test never gets a new one (that rewrites"
                                    + " the token cache, which only a run holding the mailbox's lock may do), so the"
                                    + " login was not tried: run `helpdesk fetch --mailbox " + mailbox.name() + "`,"
                                    + " which refreshes it, then test again."), Optional.empty()));
                    return Optional.empty();
                }
                case OK -> tokenExpires = token.accessTokenExpires();
            }
        }
        try {
            ServerInspection inspection = connector.inspect(mailbox);
            steps.add(Step.ok("login", since(start), new Facts.Login(inspection.loginMechanism(), mailbox.username(),
                    tokenExpires)));
            return Optional.of(inspection);
        } catch (CredentialException e) {
            steps.add(Step.failed("login", since(start), Optional.empty(), Outcomes.of(e), e.getMessage()));
        } catch (MailException e) {
            steps.add(Step.failed("login", since(start), Optional.empty(), Outcomes.of(e), e.getMessage()));
        }
        return Optional.empty();
    }

    private boolean capabilities(ServerInspection inspection, List<Step> steps) {
        Instant start = clock.instant();
        try {
            List<String> all = inspection.capabilities();
            ServerCapabilities extensions = inspection.extensions();
            boolean xoauth2 = all.contains("AUTH=XOAUTH2") || inspection.capabilitiesBeforeLogin().contains("AUTH=XOAUTH2");
            steps.add(Step.ok("capabilities", since(start), new Facts.Capabilities(all, extensions.move(),
                    extensions.uidplus(), all.contains("IDLE"), xoauth2)));
            return true;
        } catch (MailException e) {
            steps.add(Step.failed("capabilities", since(start), Optional.empty(), Outcomes.of(e), e.getMessage()));
            return false;
        }
    }

    /** EXAMINEs one folder; false when the connection is gone and the rest cannot be tried. */
    private boolean folder(MailboxConfig mailbox, String folder, ServerInspection inspection, List<Step> steps) {
        Instant start = clock.instant();
        Optional<FolderState> stored = store.flatMap(s -> s.read(tx -> tx.folders().find(mailbox.name(), folder)));
        try {
            ServerInspection.Examined examined = inspection.examine(folder, stored.map(FolderState::lastUid).orElse(0L));
            boolean same = stored.isPresent() && stored.get().uidValidity() == examined.uidValidity();
            Facts.Folder facts = new Facts.Folder(folder, examined.messages(), examined.uidValidity(),
                    examined.uidNext(), same ? examined.above() : examined.messages(),
                    stored.map(FolderState::uidValidity), stored.map(FolderState::lastUid));
            Step step = Step.ok("folder", since(start), facts).inFolder(folder);
            if (facts.uidValidityChanged()) {
                step = step.withNote(Verdict.WARNING, "UIDVALIDITY changed from " + stored.get().uidValidity() + " to "
                        + examined.uidValidity() + " since the last run (the folder was rebuilt or restored): the next"
                        + " fetch first recognises the stored messages by Message-ID, so none is stored twice, then"
                        + " fetches the rest.");
            }
            steps.add(step);
            return true;
        } catch (MailException e) {
            if (e.kind() != MailException.Kind.FOLDER) {
                steps.add(Step.failed("folder", since(start), Optional.empty(), Outcomes.of(e), e.getMessage())
                        .inFolder(folder));
                return false;
            }
            steps.add(Step.failed("folder", since(start), Optional.empty(), Outcome.MISCONFIGURED, e.getMessage()
                    + folderList(inspection) + " Fix \"folders\" of mailbox " + mailbox.name() + " in the config (names"
                    + " other than INBOX are case-sensitive).").inFolder(folder));
            return true;
        }
    }

    private static String folderList(ServerInspection inspection) {
        try {
            List<String> folders = inspection.folders();
            return folders.isEmpty() ? "" : " The account's folders are: " + String.join(", ", folders) + ".";
        } catch (MailException e) {
            return "";
        }
    }

    /** ActionCheck's rule, the one a fetch applies, reading only: a missing move target is reported, not created. */
    private void afterFetch(MailboxConfig mailbox, ServerInspection inspection, List<Step> steps) {
        Instant start = clock.instant();
        String action = mailbox.afterFetch().toString();
        Optional<String> target = mailbox.afterFetch().folder();
        try {
            ActionCheck.Verdict verdict = ActionCheck.judge(inspection.extensions(), inspection.describe(), mailbox,
                    inspection::folderExists);
            if (verdict instanceof ActionCheck.Impossible impossible) {
                steps.add(Step.failed("afterFetch", since(start), Optional.of(new Facts.AfterFetch(action, target,
                        Optional.empty())), Outcome.MISCONFIGURED, impossible.why()));
            } else if (verdict instanceof ActionCheck.NeedsFolder needs) {
                steps.add(Step.ok("afterFetch", since(start), new Facts.AfterFetch(action, target, Optional.of(false)))
                        .withNote(Verdict.OK, "The folder \"" + needs.target() + "\" does not exist yet: the first fetch"
                                + " creates it."));
            } else {
                steps.add(Step.ok("afterFetch", since(start), new Facts.AfterFetch(action, target,
                        target.map(folder -> true))));
            }
        } catch (MailException e) {
            steps.add(Step.failed("afterFetch", since(start), Optional.empty(), Outcomes.of(e), e.getMessage()));
        }
    }

    /** The mailbox's fetch lock from a snapshot; a stale or expired one is a warning (the next fetch takes it). */
    private Step lock(MailboxConfig mailbox) {
        Instant start = clock.instant();
        String name = Fetch.lockName(mailbox.name());
        if (locks.isEmpty()) {
            return Step.ok("lock", since(start), new Facts.Lock(name, Optional.empty()))
                    .withNote(Verdict.OK, "There is no database yet: nothing has run with this config.");
        }
        Optional<LockStatus> held = locks.get().list().stream().filter(lock -> lock.row().name().equals(name))
                .findFirst();
        Step step = Step.ok("lock", since(start), new Facts.Lock(name, held));
        if (held.isEmpty()) {
            return step;
        }
        LockVerdict verdict = held.get().verdict();
        if (verdict.free()) {
            return step.withNote(Verdict.WARNING, "The lock " + name + " is " + verdict.label() + " ("
                    + held.get().holder() + "): the next fetch takes it over by itself, or run `helpdesk lock release "
                    + name + "`.");
        }
        return step.withNote(Verdict.OK, (verdict == LockVerdict.RUNNING ? "A fetch is running now: "
                : "A fetch on another host holds it: ") + held.get().holder() + ".");
    }

    static String server(MailboxConfig mailbox) {
        return mailbox.host() + ":" + mailbox.port() + " (" + mailbox.security().json() + ")";
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }
}
