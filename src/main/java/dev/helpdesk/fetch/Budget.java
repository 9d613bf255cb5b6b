package dev.helpdesk.fetch;

import dev.helpdesk.config.Limits;
import dev.helpdesk.mail.MessageRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-run, per-mailbox limits as they are spent, so one tick stays shorter than the cron interval. The
 * one rule both fetch and dry run follow: candidates are taken in UID order; one over maxMessageSize is set
 * aside and the run goes on; the first that no longer fits the run's messages, bytes or time ends the run's
 * share, and it and everything after it wait for the next run.
 */
final class Budget {
    private final Limits limits;
    private final Clock clock;
    private final Instant deadline;
    private final DrainProgress progress;
    private final String mailbox;
    private int messages;
    private long bytes;

    Budget(Limits limits, Clock clock) {
        this(limits, clock, DrainProgress.NONE, "");
    }

    /** A budget that tells {@code progress} what each plan takes: the run's total, as the listing finds it. */
    Budget(Limits limits, Clock clock, DrainProgress progress, String mailbox) {
        this.limits = limits;
        this.clock = clock;
        this.deadline = clock.instant().plus(limits.maxDuration());
        this.progress = progress;
        this.mailbox = mailbox;
    }

    /** One candidate's fate: fetched, or set aside because it is over maxMessageSize. */
    record Step(MessageRef ref, boolean tooBig) {
    }

    /** The candidates this run handles, in order, and how many wait for a later run. */
    record Plan(List<Step> steps, int remaining) {
    }

    Plan plan(List<MessageRef> candidates) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            MessageRef ref = candidates.get(i);
            if (ref.size() > limits.maxMessageSize()) {
                steps.add(new Step(ref, true));
            } else if (allows(ref.size())) {
                spend(ref.size());
                steps.add(new Step(ref, false));
            } else {
                return told(new Plan(steps, candidates.size() - i));
            }
        }
        return told(new Plan(steps, 0));
    }

    private Plan told(Plan plan) {
        if (!plan.steps().isEmpty()) {
            progress.planned(mailbox, plan.steps().size(),
                    plan.steps().stream().filter(step -> !step.tooBig()).mapToLong(step -> step.ref().size()).sum());
        }
        return plan;
    }

    /** True when a message of this size may still be taken in this run. */
    boolean allows(long size) {
        return messages < limits.maxMessages()
                && (bytes == 0 || bytes + size <= limits.maxBytes())
                && timeLeft();
    }

    /** True until maxDuration has passed since the run started. */
    boolean timeLeft() {
        return clock.instant().isBefore(deadline);
    }

    private void spend(long size) {
        messages++;
        bytes += size;
    }

    long maxMessageSize() {
        return limits.maxMessageSize();
    }
}
