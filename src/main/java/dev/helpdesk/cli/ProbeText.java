package dev.helpdesk.cli;

import dev.helpdesk.probe.Facts;
import dev.helpdesk.probe.ProbeReport;
import dev.helpdesk.probe.Step;
import dev.helpdesk.probe.Verdict;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How {@code mailbox test} shows its steps: a line each with verdict, time and findings, then the note if any. */
final class ProbeText {
    private final HumanUnits units;
    private final Clock clock;

    ProbeText(HumanUnits units, Clock clock) {
        this.units = units;
        this.clock = clock;
    }

    void print(ProbeReport report, PrintWriter out) {
        out.println(report.mailbox() + ": " + report.server());
        int width = report.steps().stream().mapToInt(step -> label(step).length()).max().orElse(0);
        for (Step step : report.steps()) {
            String label = label(step);
            String line = "  " + label + " ".repeat(width - label.length()) + "  "
                    + String.format(Locale.ROOT, "%-7s %5d ms", step.verdict().key(), step.took().toMillis())
                    + step.facts().map(facts -> "  " + SafeText.line(text(facts))).orElse("");
            out.println(line.stripTrailing());
            step.note().ifPresent(note -> out.println("  " + " ".repeat(width) + "  "
                    + (step.verdict() == Verdict.OK ? "" : "! ") + SafeText.line(note)));
        }
        out.println(report.mailbox() + ": " + MailboxTestCommand.summary(report));
    }

    private static String label(Step step) {
        return step.kind() + step.folder().map(folder -> " " + SafeText.line(folder)).orElse("");
    }

    /** The findings of a step as one line; server text is escaped by the caller. */
    String text(Facts facts) {
        if (facts instanceof Facts.Connection c) {
            return c.host() + " is " + String.join(", ", c.addresses()) + "; connected to " + c.address() + ":"
                    + c.port() + (c.loopback() ? " (loopback)" : "");
        }
        if (facts instanceof Facts.Tls t) {
            return t.session().protocol() + ", " + t.session().cipher() + "; certificate " + t.session().subject()
                    + ", issued by " + t.session().issuer() + ", " + expiry(t.session().notAfter())
                    + (t.verified() ? ", verified" : ", NOT verified");
        }
        if (facts instanceof Facts.NoTls n) {
            return "no TLS" + n.plainAnswer().map(answer -> "; in plain text it says \"" + answer + "\"").orElse("");
        }
        if (facts instanceof Facts.PlainText p) {
            return "plain text, no TLS (security \"none\")" + (p.loopback() ? "; loopback: nothing crosses a network"
                    : "; NOT loopback");
        }
        if (facts instanceof Facts.Greeting g) {
            return "\"" + g.greeting() + "\"" + (g.capabilities().isEmpty() ? ""
                    : "; before login: " + String.join(" ", g.capabilities()));
        }
        if (facts instanceof Facts.Login l) {
            return l.mechanism() + " as " + l.username() + l.tokenExpires().map(at -> "; access token from the token"
                    + " cache (a test never refreshes it), " + expiry(at)).orElse("");
        }
        if (facts instanceof Facts.Capabilities c) {
            return "MOVE " + yes(c.move()) + ", UIDPLUS " + yes(c.uidplus()) + ", IDLE " + yes(c.idle())
                    + ", AUTH=XOAUTH2 " + yes(c.xoauth2()) + "; " + String.join(" ", c.all());
        }
        if (facts instanceof Facts.Folder f) {
            return String.format(Locale.ROOT, "%,d messages, UIDVALIDITY %d, UIDNEXT %d, ", f.messages(),
                    f.uidValidity(), f.uidNext()) + waiting(f);
        }
        if (facts instanceof Facts.AfterFetch a) {
            return a.action() + a.targetExists().map(exists -> exists ? " (the folder exists)"
                    : " (the folder does not exist yet)").orElse("");
        }
        Facts.Lock l = (Facts.Lock) facts;
        return l.name() + ": " + l.status().map(s -> s.verdict().label() + ", " + s.holder()).orElse("free");
    }

    private static String waiting(Facts.Folder f) {
        if (f.storedUidValidity().isEmpty()) {
            return String.format(Locale.ROOT, "never fetched: all %,d wait", f.waiting());
        }
        if (f.uidValidityChanged()) {
            return String.format(Locale.ROOT, "UIDVALIDITY was %d at the last run: all %,d are looked at again",
                    f.storedUidValidity().get(), f.waiting());
        }
        return String.format(Locale.ROOT, "%,d wait above UID %d", f.waiting(), f.lastUid().orElse(0L));
    }

    private String expiry(Instant notAfter) {
        Duration left = Duration.between(clock.instant(), notAfter);
        return (left.isNegative() ? "expired " : "valid until ") + units.time(notAfter) + " ("
                + (left.isNegative() ? HumanUnits.duration(left) + " ago" : "for " + HumanUnits.duration(left)) + ")";
    }

    private static String yes(boolean on) {
        return on ? "yes" : "no";
    }

    /** The documented JSON of a step's facts; server text exact (Json escapes controls). */
    static Map<String, Object> json(Facts facts, Clock clock) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (facts instanceof Facts.Connection c) {
            json.put("host", c.host());
            json.put("port", c.port());
            json.put("addresses", c.addresses());
            json.put("address", c.address());
            json.put("loopback", c.loopback());
        }
        if (facts instanceof Facts.Tls t) {
            json.put("tls", true);
            json.put("verified", t.verified());
            json.put("protocol", t.session().protocol());
            json.put("cipher", t.session().cipher());
            json.put("subject", t.session().subject());
            json.put("issuer", t.session().issuer());
            json.put("notBefore", t.session().notBefore().toString());
            json.put("notAfter", t.session().notAfter().toString());
            json.put("expiresInSeconds", Duration.between(clock.instant(), t.session().notAfter()).getSeconds());
        }
        if (facts instanceof Facts.NoTls n) {
            json.put("tls", false);
            json.put("plainAnswer", n.plainAnswer().orElse(null));
        }
        if (facts instanceof Facts.PlainText p) {
            json.put("tls", false);
            json.put("loopback", p.loopback());
        }
        if (facts instanceof Facts.Greeting g) {
            json.put("greeting", g.greeting());
            json.put("capabilities", g.capabilities());
        }
        if (facts instanceof Facts.Login l) {
            json.put("mechanism", l.mechanism());
            json.put("username", l.username());
            json.put("tokenSource", l.tokenExpires().isPresent() ? "cache" : null);
            json.put("tokenExpiresAt", l.tokenExpires().map(Instant::toString).orElse(null));
        }
        if (facts instanceof Facts.Capabilities c) {
            json.put("all", c.all());
            json.put("move", c.move());
            json.put("uidplus", c.uidplus());
            json.put("idle", c.idle());
            json.put("xoauth2", c.xoauth2());
        }
        if (facts instanceof Facts.Folder f) {
            json.put("folder", f.folder());
            json.put("messages", f.messages());
            json.put("uidValidity", f.uidValidity());
            json.put("uidNext", f.uidNext());
            json.put("waiting", f.waiting());
            json.put("storedUidValidity", f.storedUidValidity().orElse(null));
            json.put("lastUid", f.lastUid().orElse(null));
            json.put("uidValidityChanged", f.uidValidityChanged());
        }
        if (facts instanceof Facts.AfterFetch a) {
            json.put("action", a.action());
            json.put("target", a.target().orElse(null));
            json.put("targetExists", a.targetExists().orElse(null));
        }
        if (facts instanceof Facts.Lock l) {
            json.put("name", l.name());
            json.put("state", l.status().map(s -> LockShowCommand.verdictKey(s.verdict())).orElse("free"));
            json.put("holder", l.status().map(s -> s.holder()).orElse(null));
        }
        return json;
    }
}
