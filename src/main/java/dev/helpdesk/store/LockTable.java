package dev.helpdesk.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** SQL for the locks table; every method runs inside the caller's transaction. */
public final class LockTable {
    private static final String COLUMNS = "name, token, owner_pid, owner_host, owner_boot_id, owner_pidns,"
            + " owner_start_ticks, owner_start_ms, command, acquired_at_ms, heartbeat_at_ms, expires_at_ms";

    private static final String REPLACE = java.util.Arrays.stream(COLUMNS.split(",\\s*")).skip(1)
            .map(column -> column + " = excluded." + column).collect(java.util.stream.Collectors.joining(", "));

    private final Tx tx;

    LockTable(Tx tx) {
        this.tx = tx;
    }

    public Optional<LockRecord> find(String name) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM locks WHERE name = ?", LockTable::read, name);
    }

    public List<LockRecord> all() {
        return tx.query("SELECT " + COLUMNS + " FROM locks ORDER BY name", LockTable::read);
    }

    /**
     * The next fencing token for a name. The fence outlives the lock row, so a name released and
     * acquired again never hands out a token that was used before.
     */
    public long nextToken(String name) {
        return tx.insert("INSERT INTO lock_fences (name, last_token) VALUES (?, 1)"
                + " ON CONFLICT (name) DO UPDATE SET last_token = lock_fences.last_token + 1 RETURNING last_token",
                name);
    }

    /** A lock name's fence: the last token handed out, and when and by which host its mailbox was last drained. */
    public record Fence(long token, Optional<Instant> drainedAt, Optional<String> drainedBy) {
    }

    private static final String FENCE = "SELECT name, last_token, drained_at_ms, drained_by_host FROM lock_fences";

    /** The fence of every name that ever had a token. */
    public Map<String, Fence> fences() {
        Map<String, Fence> fences = new HashMap<>();
        tx.forEach(FENCE, row -> Map.entry(row.getString(1), fence(row)),
                entry -> fences.put(entry.getKey(), entry.getValue()));
        return fences;
    }

    public Optional<Fence> fence(String name) {
        return tx.queryOne(FENCE + " WHERE name = ?", LockTable::fence, name);
    }

    /** Notes on the fence that a fetch has just drained the name's mailbox. */
    public void drained(String name, Instant at, String host) {
        tx.execute("UPDATE lock_fences SET drained_at_ms = ?, drained_by_host = ? WHERE name = ?", at.toEpochMilli(),
                host, name);
    }

    private static Fence fence(ResultSet row) throws SQLException {
        long at = row.getLong(3);
        Optional<Instant> drained = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
        return new Fence(row.getLong(2), drained, Optional.ofNullable(row.getString(4)));
    }

    /** Writes the row for a new holder, replacing whatever row the caller decided to take over. */
    public void put(LockRecord lock) {
        tx.execute("INSERT INTO locks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET " + REPLACE,
                lock.name(), lock.token(), lock.ownerPid(), lock.ownerHost(),
                lock.ownerBootId().orElse(null), lock.ownerPidNamespace().orElse(null),
                lock.ownerStartTicks().isPresent() ? lock.ownerStartTicks().getAsLong() : null,
                lock.ownerStart().map(Instant::toEpochMilli).orElse(null), lock.command(),
                lock.acquiredAt().toEpochMilli(), lock.heartbeatAt().toEpochMilli(), lock.expiresAt().toEpochMilli());
    }

    /** The fenced renewal: true only while the row still carries this token. */
    public boolean renew(String name, long token, Instant heartbeat, Instant expires) {
        return tx.execute("UPDATE locks SET heartbeat_at_ms = ?, expires_at_ms = ? WHERE name = ? AND token = ?",
                heartbeat.toEpochMilli(), expires.toEpochMilli(), name, token) == 1;
    }

    /** Deletes the row only if it still carries this token; false when someone else holds it now. */
    public boolean delete(String name, long token) {
        return tx.execute("DELETE FROM locks WHERE name = ? AND token = ?", name, token) == 1;
    }

    private static LockRecord read(ResultSet row) throws SQLException {
        long startMs = row.getLong("owner_start_ms");
        Optional<Instant> start = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(startMs));
        long ticks = row.getLong("owner_start_ticks");
        OptionalLong startTicks = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(ticks);
        return new LockRecord(
                row.getString("name"),
                row.getLong("token"),
                row.getLong("owner_pid"),
                row.getString("owner_host"),
                Optional.ofNullable(row.getString("owner_boot_id")),
                Optional.ofNullable(row.getString("owner_pidns")),
                startTicks,
                start,
                row.getString("command"),
                Instant.ofEpochMilli(row.getLong("acquired_at_ms")),
                Instant.ofEpochMilli(row.getLong("heartbeat_at_ms")),
                Instant.ofEpochMilli(row.getLong("expires_at_ms")));
    }
}
