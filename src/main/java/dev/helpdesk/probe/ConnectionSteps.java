package dev.helpdesk.probe;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.config.Security;
import dev.helpdesk.fetch.Connector;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.fetch.Outcomes;
import dev.helpdesk.mail.ConnectionProbe;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.TlsResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps of {@code mailbox test} before login: connect, TLS and the greeting, in the order the mailbox's security
 * makes them, each judged with what the other side actually sent: a plain-text IMAP greeting where TLS was expected,
 * an HTTP answer, silence.
 */
final class ConnectionSteps {
    /** A certificate that expires sooner than this is a warning: time to renew. */
    static final Duration CERTIFICATE_WARNING = Duration.ofDays(14);

    private final Connector connector;
    private final Clock clock;

    ConnectionSteps(Connector connector, Clock clock) {
        this.connector = connector;
        this.clock = clock;
    }

    /** The steps before login, in the order the security setting makes them. */
    static List<String> kinds(Security security) {
        return security == Security.STARTTLS ? List.of("connect", "greeting", "tls")
                : List.of("connect", "tls", "greeting");
    }

    /** Connect, TLS and greeting on a plain probe; true when the server can be logged in to. */
    boolean run(MailboxConfig mailbox, List<Step> steps) {
        try (ConnectionProbe probe = connector.probe(mailbox)) {
            Instant start = clock.instant();
            ConnectionProbe.Connected connected;
            try {
                connected = probe.connect();
            } catch (MailException e) {
                steps.add(Step.failed("connect", since(start), Optional.empty(), Outcome.UNREACHABLE, e.getMessage()));
                return false;
            }
            steps.add(Step.ok("connect", since(start), new Facts.Connection(mailbox.host(), mailbox.port(),
                    connected.addresses(), connected.address(), connected.loopback())));
            switch (mailbox.security()) {
                case SSL -> {
                    Instant tls = clock.instant();
                    return tls(mailbox, probe.tls(), tls, steps) && greeting(mailbox, probe, steps).isPresent();
                }
                case STARTTLS -> {
                    Optional<List<String>> capabilities = greeting(mailbox, probe, steps);
                    return capabilities.isPresent() && startTls(mailbox, probe, capabilities.get(), steps);
                }
                default -> {
                    Step plain = Step.ok("tls", Duration.ZERO, new Facts.PlainText(connected.loopback()));
                    steps.add(connected.loopback() ? plain : plain.withNote(Verdict.WARNING, "\"security\": \"none\""
                            + " sends the password in plain text, and " + connected.address() + " is not a loopback"
                            + " address: use \"ssl\" or \"starttls\"."));
                    return greeting(mailbox, probe, steps).isPresent();
                }
            }
        }
    }

    private boolean tls(MailboxConfig mailbox, TlsResult result, Instant start, List<Step> steps) {
        Duration took = since(start);
        String port = "Port " + mailbox.port() + " of " + mailbox.host();
        if (result instanceof TlsResult.Verified verified) {
            Step step = Step.ok("tls", took, new Facts.Tls(verified.facts(), true));
            if (verified.facts().notAfter().isBefore(clock.instant().plus(CERTIFICATE_WARNING))) {
                step = step.withNote(Verdict.WARNING, "The server's certificate expires within "
                        + CERTIFICATE_WARNING.toDays() + " days: have it renewed, or every fetch fails once it has.");
            }
            steps.add(step);
            return true;
        }
        if (result instanceof TlsResult.Untrusted untrusted) {
            steps.add(Step.failed("tls", took, untrusted.facts().map(facts -> new Facts.Tls(facts, false)),
                    Outcome.UNREACHABLE, "The TLS certificate of " + MailboxProbe.server(mailbox) + " is refused: " + untrusted.why()
                            + ". A fetch refuses it too: the server needs a valid certificate for " + mailbox.host()
                            + " from a CA this Java trusts, or set \"host\" to a name the certificate carries."));
            return false;
        }
        TlsResult.NotTls notTls = (TlsResult.NotTls) result;
        Optional<Facts> facts = Optional.of(new Facts.NoTls(notTls.plainAnswer()));
        if (notTls.plainAnswer().filter(ConnectionSteps::imapGreeting).isPresent()) {
            steps.add(Step.failed("tls", took, facts, Outcome.MISCONFIGURED, port + " speaks plain-text IMAP (it greets"
                    + " \"" + notTls.plainAnswer().get() + "\"), not TLS: set \"security\": \"starttls\" for this port"
                    + " (\"none\" on loopback), or set \"port\" to the port for TLS from the first byte, usually 993."));
        } else if (notTls.plainAnswer().isPresent()) {
            steps.add(Step.failed("tls", took, facts, Outcome.MISCONFIGURED, port + " answers \""
                    + notTls.plainAnswer().get() + "\" in plain text, which is neither TLS nor IMAP: check \"host\""
                    + " and \"port\" in the config (usually 993 for ssl, 143 for starttls)."));
        } else {
            steps.add(Step.failed("tls", took, facts, Outcome.UNREACHABLE, "No TLS session with " + MailboxProbe.server(mailbox)
                    + " (" + notTls.why() + "): check \"port\" and \"security\" in the config (usually 993 for ssl, 143"
                    + " for starttls)."));
        }
        return false;
    }

    /** The greeting and the capabilities before login; empty when the other side is not a usable IMAP server. */
    private Optional<List<String>> greeting(MailboxConfig mailbox, ConnectionProbe probe, List<Step> steps) {
        Instant start = clock.instant();
        Optional<String> line = probe.greeting();
        String port = "Port " + mailbox.port() + " of " + mailbox.host();
        if (line.isEmpty()) {
            steps.add(Step.failed("greeting", since(start), Optional.empty(), Outcome.UNREACHABLE, port + " accepted"
                    + " the connection but sent no greeting within " + probe.patience().toSeconds() + "s (or closed"
                    + " it)" + (mailbox.security() == Security.SSL ? "" : "; a port for TLS from the first byte (such"
                    + " as 993) waits like this: if this is one, set \"security\": \"ssl\"") + "; check \"port\" in"
                    + " the config."));
            return Optional.empty();
        }
        String text = line.get();
        if (startsWith(text, "* BYE")) {
            steps.add(Step.failed("greeting", since(start), Optional.of(new Facts.Greeting(text, List.of())),
                    Outcome.UNREACHABLE, "The server " + MailboxProbe.server(mailbox) + " turned the connection away: \"" + text
                            + "\"; try again later, or ask its administrator."));
            return Optional.empty();
        }
        if (!imapGreeting(text)) {
            steps.add(Step.failed("greeting", since(start), Optional.of(new Facts.Greeting(text, List.of())),
                    Outcome.MISCONFIGURED, port + " answers \"" + text + "\", which is not an IMAP greeting: check"
                            + " \"host\" and \"port\" in the config (usually 993 for ssl, 143 for starttls)."));
            return Optional.empty();
        }
        try {
            List<String> capabilities = probe.capabilities();
            steps.add(Step.ok("greeting", since(start), new Facts.Greeting(text, capabilities)));
            return Optional.of(capabilities);
        } catch (MailException e) {
            steps.add(Step.failed("greeting", since(start), Optional.of(new Facts.Greeting(text, List.of())),
                    Outcomes.of(e), e.getMessage()));
            return Optional.empty();
        }
    }

    private boolean startTls(MailboxConfig mailbox, ConnectionProbe probe, List<String> capabilities,
            List<Step> steps) {
        Instant start = clock.instant();
        if (!capabilities.contains("STARTTLS")) {
            steps.add(Step.failed("tls", since(start), Optional.empty(), Outcome.UNREACHABLE, "The server "
                    + MailboxProbe.server(mailbox) + " does not offer STARTTLS: set \"security\": \"ssl\" (usually port 993), or"
                    + " ask the provider to enable STARTTLS."));
            return false;
        }
        try {
            return tls(mailbox, probe.startTls(), start, steps);
        } catch (MailException e) {
            steps.add(Step.failed("tls", since(start), Optional.empty(), Outcomes.of(e), e.getMessage()));
            return false;
        }
    }

    private static boolean imapGreeting(String line) {
        return startsWith(line, "* OK") || startsWith(line, "* PREAUTH");
    }

    private static boolean startsWith(String text, String prefix) {
        return text.toUpperCase(Locale.ROOT).startsWith(prefix);
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }
}
