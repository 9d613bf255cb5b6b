package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Messages left on the server on purpose (too big, or a body the server would not give), with their header
 * section so an admin sees what they are; each is fetched again when asked for or when the limit allows.
 */
public final class SetAsideTable {
    private final Tx tx;

    SetAsideTable(Tx tx) {
        this.tx = tx;
    }

    /** Why a message was left on the server. */
    public enum Reason {
        /** Larger than limits.maxMessageSize, or too large to hold in this JVM's memory. */
        TOO_BIG,
        /** The server kept refusing its body. */
        UNFETCHABLE;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Reason of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * One set-aside message. {@code overLimit}: the maxMessageSize it exceeded, when that is why (a later
     * drain takes it once the limit allows); {@code requested} when an admin asked for it regardless.
     */
    public record Entry(long id, String mailbox, String folder, long uidValidity, long uid, long size, Reason reason,
            Optional<String> detail, Optional<Long> overLimit, Optional<byte[]> headers, boolean requested,
            Instant setAsideAt) {
        public Entry {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(overLimit, "overLimit");
            Objects.requireNonNull(headers, "headers");
        }
    }

    /** Sets a message aside, or updates the reason of one already set aside; returns its id. */
    public long add(String mailbox, String folder, long uidValidity, long uid, long size, Reason reason,
            Optional<String> detail, Optional<Long> overLimit, Optional<byte[]> headers, Instant now) {
        tx.execute("INSERT INTO set_aside (mailbox, folder, uidvalidity, uid, size, reason, detail, over_limit,"
                + " headers, set_aside_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (mailbox, folder, uidvalidity, uid) DO UPDATE SET reason = excluded.reason,"
                + " detail = excluded.detail, over_limit = excluded.over_limit, requested = 0,"
                + " headers = coalesce(excluded.headers, set_aside.headers)", mailbox, folder, uidValidity, uid, size,
                reason.key(), detail.orElse(null), overLimit.orElse(null), headers.orElse(null), now.toEpochMilli());
        return tx.queryOne("SELECT id FROM set_aside WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND uid = ?",
                row -> row.getLong(1), mailbox, folder, uidValidity, uid).orElseThrow();
    }

    private static final String SELECT = "SELECT id, mailbox, folder, uidvalidity, uid, size, reason, detail,"
            + " over_limit, headers, requested, set_aside_at_ms FROM set_aside";

    /** All set-aside messages, or one mailbox's, oldest first. */
    public List<Entry> list(Optional<String> mailbox) {
        Where where = new Where().equal("mailbox", mailbox);
        return tx.query(SELECT + where.sql() + " ORDER BY id", SetAsideTable::read, where.parameters());
    }

    public Optional<Entry> find(long id) {
        return tx.queryOne(SELECT + " WHERE id = ?", SetAsideTable::read, id);
    }

    /**
     * What a drain of this folder should fetch again: what an admin asked for, and what is too big no longer
     * under the current {@code maxMessageSize}.
     */
    public List<Entry> due(String mailbox, String folder, long uidValidity, long maxMessageSize) {
        return tx.query(SELECT + " WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND (requested = 1"
                + " OR (over_limit IS NOT NULL AND size <= ?)) ORDER BY uid", SetAsideTable::read,
                mailbox, folder, uidValidity, maxMessageSize);
    }

    /** Asks the next drain to fetch it regardless of the limits. */
    public void request(long id) {
        tx.execute("UPDATE set_aside SET requested = 1 WHERE id = ?", id);
    }

    public void remove(long id) {
        tx.execute("DELETE FROM set_aside WHERE id = ?", id);
    }

    /** Rows of an older UIDVALIDITY name nothing now: their messages come back under new UIDs. */
    public int dropOtherUidValidity(String mailbox, String folder, long uidValidity) {
        return tx.execute("DELETE FROM set_aside WHERE mailbox = ? AND folder = ? AND uidvalidity <> ?", mailbox,
                folder, uidValidity);
    }

    public int count(String mailbox) {
        return (int) tx.count("SELECT count(*) FROM set_aside WHERE mailbox = ?", mailbox);
    }

    /** Messages of a mailbox set aside at or after {@code since} (and still left on the server). */
    public int countSince(String mailbox, Instant since) {
        return (int) tx.count("SELECT count(*) FROM set_aside WHERE mailbox = ? AND set_aside_at_ms >= ?", mailbox,
                since.toEpochMilli());
    }

    private static Entry read(java.sql.ResultSet row) throws java.sql.SQLException {
        long limit = row.getLong(9);
        Optional<Long> overLimit = row.wasNull() ? Optional.empty() : Optional.of(limit);
        return new Entry(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getLong(5),
                row.getLong(6), Reason.of(row.getString(7)), Optional.ofNullable(row.getString(8)), overLimit,
                Optional.ofNullable(row.getBytes(10)), row.getInt(11) == 1, Instant.ofEpochMilli(row.getLong(12)));
    }
}
