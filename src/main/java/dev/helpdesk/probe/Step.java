package dev.helpdesk.probe;

import dev.helpdesk.fetch.Outcome;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of {@code mailbox test}: what it tested, how it went and how long it took, what it found, a sentence
 * when something is wrong (what, and what to change) or worth knowing, and for a failure the outcome a fetch would
 * have, which decides the exit code.
 *
 * @param kind connect, tls, greeting, login, capabilities, folder, afterFetch or lock
 * @param folder the folder of a {@code folder} step
 */
public record Step(String kind, Optional<String> folder, Verdict verdict, Duration took, Optional<Facts> facts,
        Optional<String> note, Optional<Outcome> outcome) {

    public Step {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(outcome, "outcome");
        if ((verdict == Verdict.FAILED) != outcome.isPresent()) {
            throw new IllegalArgumentException("a failed step, and only one, has an outcome: " + kind);
        }
    }

    static Step ok(String kind, Duration took, Facts facts) {
        return new Step(kind, Optional.empty(), Verdict.OK, took, Optional.of(facts), Optional.empty(),
                Optional.empty());
    }

    static Step failed(String kind, Duration took, Optional<Facts> facts, Outcome outcome, String why) {
        return new Step(kind, Optional.empty(), Verdict.FAILED, took, facts, Optional.of(why), Optional.of(outcome));
    }

    static Step skipped(String kind, Optional<String> folder) {
        return new Step(kind, folder, Verdict.SKIPPED, Duration.ZERO, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    Step withNote(Verdict verdict, String note) {
        return new Step(kind, folder, verdict, took, facts, Optional.of(note), outcome);
    }

    Step inFolder(String name) {
        return new Step(kind, Optional.of(name), verdict, took, facts, note, outcome);
    }
}
