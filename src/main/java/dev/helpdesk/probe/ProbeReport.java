package dev.helpdesk.probe;

import dev.helpdesk.fetch.Outcome;
import java.util.List;
import java.util.Optional;

/** Every step of one mailbox's test, in the order they ran. */
public record ProbeReport(String mailbox, String server, List<Step> steps) {

    public ProbeReport {
        steps = List.copyOf(steps);
    }

    /** The worst outcome among the failed steps, as a fetch would rank them; OK when none failed. */
    public Outcome outcome() {
        return steps.stream().map(Step::outcome).flatMap(Optional::stream).max(Enum::compareTo).orElse(Outcome.OK);
    }
}
