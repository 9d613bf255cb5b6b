package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One row per fetch run and mailbox: when, what it did, how it ended. */
public final class RunTable {
    private final Tx tx;

    RunTable(Tx tx) {
        this.tx = tx;
    }

    /** A finished run of one mailbox; {@code outcome} is the fetch outcome's name. */
    public record Run(String mailbox, Instant startedAt, Instant endedAt, String outcome, int newMessages,
            int duplicates, int quarantined, int oversized, int actions, int remaining, Optional<String> error,
            int exitCode, long pid, String host) {
        public Run {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(endedAt, "endedAt");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(host, "host");
        }
    }

    public void add(Run run) {
        tx.execute("INSERT INTO runs (mailbox, started_at_ms, ended_at_ms, outcome, new_count, duplicates,"
                + " quarantined, oversized, actions, remaining, error, exit_code, pid, host)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.mailbox(), run.startedAt().toEpochMilli(), run.endedAt().toEpochMilli(), run.outcome(),
                run.newMessages(), run.duplicates(), run.quarantined(), run.oversized(), run.actions(),
                run.remaining(), run.error().orElse(null), run.exitCode(), run.pid(), run.host());
    }

    /** The newest run of a mailbox. */
    public Optional<Run> last(String mailbox) {
        return latest(mailbox, "");
    }

    /** The newest run of a mailbox that ended with exit code 0. */
    public Optional<Run> lastSuccess(String mailbox) {
        return latest(mailbox, " AND exit_code = 0");
    }

    /** The newest run of a mailbox that recorded an error. */
    public Optional<Run> lastError(String mailbox) {
        return latest(mailbox, " AND error IS NOT NULL");
    }

    public List<Run> recent(int limit) {
        return tx.query("SELECT * FROM runs ORDER BY started_at_ms DESC, id DESC LIMIT ?", RunTable::read, limit);
    }

    private Optional<Run> latest(String mailbox, String condition) {
        return tx.queryOne("SELECT * FROM runs WHERE mailbox = ?" + condition
                + " ORDER BY started_at_ms DESC, id DESC LIMIT 1", RunTable::read, mailbox);
    }

    private static Run read(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Run(row.getString("mailbox"), Instant.ofEpochMilli(row.getLong("started_at_ms")),
                Instant.ofEpochMilli(row.getLong("ended_at_ms")), row.getString("outcome"), row.getInt("new_count"),
                row.getInt("duplicates"), row.getInt("quarantined"), row.getInt("oversized"), row.getInt("actions"),
                row.getInt("remaining"), Optional.ofNullable(row.getString("error")), row.getInt("exit_code"),
                row.getLong("pid"), row.getString("host"));
    }
}
