package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One row per fetch run and mailbox: when, what it did, how it ended (its outcome, not an exit code). */
public final class RunTable {
    private final Tx tx;

    RunTable(Tx tx) {
        this.tx = tx;
    }

    /**
     * A finished run of one mailbox; {@code outcome} is the fetch outcome's key (ok, quarantined, busy ...).
     * {@code setAside}: left on the server this run; {@code refused}: bodies the server would not give;
     * {@code recovered}: messages recognised by Message-ID after a UIDVALIDITY change.
     */
    public record Run(String mailbox, Instant startedAt, Instant endedAt, String outcome, int newMessages,
            int duplicates, int quarantined, int setAside, int refused, int recovered, int actions, int remaining,
            long bytes, Optional<String> error, long pid, String host) {
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
                + " quarantined, oversized, refused, recovered, actions, remaining, bytes, error, pid, host)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.mailbox(), run.startedAt().toEpochMilli(), run.endedAt().toEpochMilli(), run.outcome(),
                run.newMessages(), run.duplicates(), run.quarantined(), run.setAside(), run.refused(),
                run.recovered(), run.actions(), run.remaining(), run.bytes(), run.error().orElse(null), run.pid(),
                run.host());
    }

    /**
     * When the mailbox's newest run started, if it has one: one probe of the (mailbox, started_at_ms) index,
     * however long the history of all mailboxes is.
     */
    public Optional<Instant> lastStarted(String mailbox) {
        return tx.queryOne("SELECT started_at_ms FROM runs WHERE mailbox = ? ORDER BY started_at_ms DESC LIMIT 1",
                row -> Instant.ofEpochMilli(row.getLong(1)), mailbox);
    }

    /** The newest run of a mailbox. */
    public Optional<Run> last(String mailbox) {
        return tx.queryOne("SELECT * FROM runs WHERE mailbox = ? ORDER BY started_at_ms DESC, id DESC LIMIT 1",
                RunTable::read, mailbox);
    }

    /** The newest run of a mailbox that ended with one of these outcomes. */
    public Optional<Run> lastWith(String mailbox, List<String> outcomes) {
        String marks = Tx.valueRows(1, outcomes.size());
        Object[] args = new Object[outcomes.size() + 1];
        args[0] = mailbox;
        for (int i = 0; i < outcomes.size(); i++) {
            args[i + 1] = outcomes.get(i);
        }
        return tx.queryOne("SELECT * FROM runs WHERE mailbox = ? AND outcome IN " + marks
                + " ORDER BY started_at_ms DESC, id DESC LIMIT 1", RunTable::read, args);
    }

    /** The newest run of a mailbox that recorded an error. */
    public Optional<Run> lastError(String mailbox) {
        return tx.queryOne("SELECT * FROM runs WHERE mailbox = ? AND error IS NOT NULL"
                + " ORDER BY started_at_ms DESC, id DESC LIMIT 1", RunTable::read, mailbox);
    }

    /**
     * The run history, newest first: of one mailbox or all, started at or after {@code since} when given, at
     * most {@code limit} rows.
     */
    public List<Run> history(Optional<String> mailbox, Optional<Instant> since, int limit) {
        Where where = new Where().equal("mailbox", mailbox).atLeast("started_at_ms", since.map(Instant::toEpochMilli));
        return tx.query("SELECT * FROM runs" + where.sql() + " ORDER BY started_at_ms DESC, id DESC LIMIT ?",
                RunTable::read, where.parameters(limit));
    }

    /**
     * Deletes the runs started before {@code before}, except each mailbox's newest run, newest run with one of
     * {@code successes} and newest run with an error: status and monitoring still know when a mailbox last
     * worked, however long ago that was. Returns how many rows went.
     */
    public int prune(Instant before, List<String> successes) {
        String marks = Tx.valueRows(1, successes.size());
        // Decided row by row among the old ones, each by a probe of runs_by_mailbox from that row on, so the
        // cost follows the rows that went out of retention since the last prune (one or two per mailbox and
        // tick), not the history kept: ranking every mailbox's history took 196 ms per run after a month of
        // 5-minute ticks on 10 mailboxes (86,520 runs), now 1 ms.
        String newer = "EXISTS (SELECT 1 FROM runs n WHERE n.mailbox = runs.mailbox"
                + " AND n.started_at_ms >= runs.started_at_ms"
                + " AND (n.started_at_ms > runs.started_at_ms OR n.id > runs.id)%s)";
        List<Object> args = new java.util.ArrayList<>();
        args.add(before.toEpochMilli());
        args.addAll(successes);
        args.addAll(successes);
        return tx.execute("DELETE FROM runs WHERE started_at_ms < ? AND " + newer.formatted("")
                + " AND (outcome NOT IN " + marks + " OR " + newer.formatted(" AND n.outcome IN " + marks)
                + ") AND (error IS NULL OR " + newer.formatted(" AND n.error IS NOT NULL") + ")", args.toArray());
    }

    public List<Run> recent(int limit) {
        return tx.query("SELECT * FROM runs ORDER BY started_at_ms DESC, id DESC LIMIT ?", RunTable::read, limit);
    }

    private static Run read(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Run(row.getString("mailbox"), Instant.ofEpochMilli(row.getLong("started_at_ms")),
                Instant.ofEpochMilli(row.getLong("ended_at_ms")), row.getString("outcome"), row.getInt("new_count"),
                row.getInt("duplicates"), row.getInt("quarantined"), row.getInt("oversized"), row.getInt("refused"),
                row.getInt("recovered"), row.getInt("actions"), row.getInt("remaining"), row.getLong("bytes"),
                Optional.ofNullable(row.getString("error")), row.getLong("pid"), row.getString("host"));
    }
}
