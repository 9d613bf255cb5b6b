package dev.helpdesk.mail;

/** When a long fetch should stop taking more: the run's time is up. Checked between whole messages. */
@FunctionalInterface
public interface Deadline {
    boolean passed();

    static Deadline never() {
        return () -> false;
    }
}
