package dev.helpdesk.store;

import java.util.List;

/**
 * The forward-only schema history; entry i brings the database from user_version i to i + 1.
 * Append only: a released migration is never edited, because databases in the field already ran it.
 */
final class Migrations {
    private Migrations() {
    }

    static final List<String> STEPS = List.of(
            // 1: the lock table and the per-name fence that survives release, so tokens never repeat.
            """
            CREATE TABLE meta (
              key   TEXT PRIMARY KEY,
              value TEXT NOT NULL
            );
            CREATE TABLE locks (
              name           TEXT PRIMARY KEY,
              token          INTEGER NOT NULL,
              owner_pid      INTEGER NOT NULL,
              owner_host     TEXT    NOT NULL,
              owner_start_ms INTEGER,
              command        TEXT    NOT NULL,
              acquired_at_ms  INTEGER NOT NULL,
              heartbeat_at_ms INTEGER NOT NULL,
              expires_at_ms   INTEGER NOT NULL
            );
            CREATE TABLE lock_fences (
              name       TEXT PRIMARY KEY,
              last_token INTEGER NOT NULL
            );
            """,
            // 2: the ingest: per-folder UID state, the UID ledger, conversations and what fetch queued.
            """
            CREATE TABLE folder_state (
              mailbox     TEXT    NOT NULL,
              folder      TEXT    NOT NULL,
              uidvalidity INTEGER NOT NULL,
              last_uid    INTEGER NOT NULL,
              PRIMARY KEY (mailbox, folder)
            );
            CREATE TABLE ledger (
              mailbox     TEXT    NOT NULL,
              folder      TEXT    NOT NULL,
              uidvalidity INTEGER NOT NULL,
              uid         INTEGER NOT NULL,
              message_id  TEXT,
              sha256      TEXT,
              size        INTEGER NOT NULL,
              outcome     TEXT    NOT NULL,
              message_ref INTEGER,
              headers     BLOB,
              recorded_at_ms INTEGER NOT NULL,
              PRIMARY KEY (mailbox, folder, uidvalidity, uid)
            );
            CREATE TABLE customers (
              id    INTEGER PRIMARY KEY,
              email TEXT NOT NULL UNIQUE,
              name  TEXT
            );
            CREATE TABLE conversations (
              id            INTEGER PRIMARY KEY,
              mailbox       TEXT    NOT NULL,
              subject       TEXT    NOT NULL,
              customer_id   INTEGER REFERENCES customers (id),
              status        TEXT    NOT NULL DEFAULT 'open',
              created_at_ms INTEGER NOT NULL,
              updated_at_ms INTEGER NOT NULL
            );
            CREATE TABLE messages (
              id              INTEGER PRIMARY KEY,
              conversation_id INTEGER REFERENCES conversations (id),
              mailbox         TEXT    NOT NULL,
              folder          TEXT    NOT NULL,
              message_id      TEXT,
              sha256          TEXT    NOT NULL,
              from_email      TEXT,
              from_name       TEXT,
              to_list         TEXT    NOT NULL,
              cc_list         TEXT    NOT NULL,
              reply_to_list   TEXT    NOT NULL,
              subject         TEXT    NOT NULL,
              date_ms         INTEGER,
              in_reply_to     TEXT,
              references_list TEXT    NOT NULL,
              text_body       TEXT,
              html_body       TEXT,
              size            INTEGER NOT NULL,
              raw             BLOB    NOT NULL,
              received_at_ms  INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX messages_by_message_id ON messages (mailbox, message_id) WHERE message_id IS NOT NULL;
            CREATE INDEX messages_by_hash ON messages (mailbox, sha256);
            CREATE INDEX messages_by_conversation ON messages (conversation_id);
            CREATE TABLE quarantine (
              id          INTEGER PRIMARY KEY,
              mailbox     TEXT    NOT NULL,
              folder      TEXT    NOT NULL,
              uid         INTEGER NOT NULL,
              sha256      TEXT    NOT NULL,
              error       TEXT    NOT NULL,
              attempts    INTEGER NOT NULL DEFAULT 1,
              raw         BLOB    NOT NULL,
              created_at_ms INTEGER NOT NULL
            );
            CREATE INDEX quarantine_by_hash ON quarantine (mailbox, sha256);
            CREATE TABLE pending_actions (
              id          INTEGER PRIMARY KEY,
              mailbox     TEXT    NOT NULL,
              folder      TEXT    NOT NULL,
              uidvalidity INTEGER NOT NULL,
              uid         INTEGER NOT NULL,
              action      TEXT    NOT NULL,
              queued_at_ms INTEGER NOT NULL
            );
            CREATE INDEX pending_by_folder ON pending_actions (mailbox, folder);
            CREATE TABLE runs (
              id            INTEGER PRIMARY KEY,
              mailbox       TEXT    NOT NULL,
              started_at_ms INTEGER NOT NULL,
              ended_at_ms   INTEGER NOT NULL,
              outcome       TEXT    NOT NULL,
              new_count     INTEGER NOT NULL,
              duplicates    INTEGER NOT NULL,
              quarantined   INTEGER NOT NULL,
              oversized     INTEGER NOT NULL,
              actions       INTEGER NOT NULL,
              remaining     INTEGER NOT NULL,
              error         TEXT,
              exit_code     INTEGER NOT NULL,
              pid           INTEGER NOT NULL,
              host          TEXT    NOT NULL
            );
            CREATE INDEX runs_by_mailbox ON runs (mailbox, started_at_ms);
            """,
            // 3: conversations worth reading: classification, the new part of a reply, participants, and
            // attachments kept once by content hash inside the database (a sender's file name never
            // becomes a path).
            """
            ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'normal';
            ALTER TABLE messages ADD COLUMN list_id TEXT;
            ALTER TABLE messages ADD COLUMN new_text TEXT;
            ALTER TABLE messages ADD COLUMN synthetic_id INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE messages ADD COLUMN notes TEXT;
            CREATE TABLE participants (
              conversation_id INTEGER NOT NULL REFERENCES conversations (id),
              email           TEXT    NOT NULL,
              PRIMARY KEY (conversation_id, email)
            );
            CREATE TABLE blobs (
              sha256 TEXT PRIMARY KEY,
              size   INTEGER NOT NULL,
              data   BLOB    NOT NULL
            );
            CREATE TABLE attachments (
              id           INTEGER PRIMARY KEY,
              message_id   INTEGER NOT NULL REFERENCES messages (id),
              sha256       TEXT    REFERENCES blobs (sha256),
              name         TEXT    NOT NULL,
              content_type TEXT    NOT NULL,
              size         INTEGER NOT NULL,
              content_id   TEXT,
              inline       INTEGER NOT NULL DEFAULT 0,
              omitted      TEXT
            );
            CREATE INDEX attachments_by_message ON attachments (message_id);
            """,
            // 4: every real mail a message of its own. Raw bytes and attachments live chunked in the blob store
            // (content-addressed, written and read a megabyte at a time, so a 50 MB mail is never one array);
            // the HTML body has its own table, so listing and showing conversations never reads either. A
            // Message-ID no longer identifies a message alone (carriers reuse them): the content hash without
            // trace fields does, filled in for older rows when first needed. Messages left on the server are
            // set aside with their header section, listed and fetched on demand.
            """
            CREATE TABLE blob_chunks (
              sha256 TEXT    NOT NULL REFERENCES blobs (sha256),
              seq    INTEGER NOT NULL,
              data   BLOB    NOT NULL,
              PRIMARY KEY (sha256, seq)
            );
            INSERT INTO blob_chunks (sha256, seq, data) SELECT sha256, 0, data FROM blobs;
            ALTER TABLE blobs DROP COLUMN data;
            INSERT OR IGNORE INTO blobs (sha256, size) SELECT sha256, length(raw) FROM messages;
            INSERT OR IGNORE INTO blob_chunks (sha256, seq, data) SELECT sha256, 0, raw FROM messages;
            INSERT OR IGNORE INTO blobs (sha256, size) SELECT sha256, length(raw) FROM quarantine;
            INSERT OR IGNORE INTO blob_chunks (sha256, seq, data) SELECT sha256, 0, raw FROM quarantine;
            ALTER TABLE quarantine ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
            UPDATE quarantine SET size = length(raw);
            ALTER TABLE quarantine DROP COLUMN raw;
            CREATE TABLE message_html (
              message_id INTEGER PRIMARY KEY REFERENCES messages (id),
              html       TEXT    NOT NULL
            );
            INSERT INTO message_html (message_id, html) SELECT id, html_body FROM messages WHERE html_body IS NOT NULL;
            ALTER TABLE messages DROP COLUMN html_body;
            ALTER TABLE messages DROP COLUMN raw;
            ALTER TABLE messages ADD COLUMN content_sha256 TEXT;
            DROP INDEX messages_by_message_id;
            CREATE INDEX messages_by_message_id ON messages (mailbox, message_id);
            CREATE TABLE set_aside (
              id              INTEGER PRIMARY KEY,
              mailbox         TEXT    NOT NULL,
              folder          TEXT    NOT NULL,
              uidvalidity     INTEGER NOT NULL,
              uid             INTEGER NOT NULL,
              size            INTEGER NOT NULL,
              reason          TEXT    NOT NULL,
              detail          TEXT,
              over_limit      INTEGER,
              headers         BLOB,
              requested       INTEGER NOT NULL DEFAULT 0,
              set_aside_at_ms INTEGER NOT NULL,
              UNIQUE (mailbox, folder, uidvalidity, uid)
            );
            INSERT INTO set_aside (mailbox, folder, uidvalidity, uid, size, reason, over_limit, headers, set_aside_at_ms)
              SELECT mailbox, folder, uidvalidity, uid, size, 'too-big', 0, headers, recorded_at_ms FROM ledger
              WHERE outcome = 'oversized';
            ALTER TABLE ledger DROP COLUMN headers;
            UPDATE ledger SET outcome = 'set-aside' WHERE outcome = 'oversized';
            """,
            // 5: a drain that survives misbehaving servers. Queued actions keep why they could not be applied;
            // a body the server refuses is counted per run until it is set aside as unfetchable; a folder whose
            // UIDVALIDITY changed is recovered window by window (recovered_to: the last UID checked). Runs keep
            // their outcome and counts, not the CLI's exit code.
            """
            ALTER TABLE pending_actions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE pending_actions ADD COLUMN last_error TEXT;
            CREATE TABLE refusals (
              mailbox     TEXT    NOT NULL,
              folder      TEXT    NOT NULL,
              uidvalidity INTEGER NOT NULL,
              uid         INTEGER NOT NULL,
              runs        INTEGER NOT NULL,
              detail      TEXT    NOT NULL,
              last_at_ms  INTEGER NOT NULL,
              PRIMARY KEY (mailbox, folder, uidvalidity, uid)
            );
            ALTER TABLE folder_state ADD COLUMN recovered_to INTEGER;
            ALTER TABLE runs ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE runs ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE runs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE runs DROP COLUMN exit_code;
            """,
            // 6: a lock holder known relative to boot, so a clock step cannot make it look dead: the kernel's boot
            // id and the PID namespace say where its PID means something, the start in clock ticks since boot
            // which process had it. owner_start_ms stays, for display only. Rows from before have NULLs here and
            // are freed by expiry only. Touches nothing but locks.
            """
            ALTER TABLE locks ADD COLUMN owner_boot_id TEXT;
            ALTER TABLE locks ADD COLUMN owner_pidns TEXT;
            ALTER TABLE locks ADD COLUMN owner_start_ticks INTEGER;
            """,
            // 7: the run history is pruned by age at the end of every fetch (runRetention); this index keeps
            // finding the old rows cheap however many mailboxes there are.
            """
            CREATE INDEX runs_by_start ON runs (started_at_ms);
            """,
            // 8: when `helpdesk check` last looked at each mailbox, per kind of news (quarantined, set aside), so
            // it warns about what came since. Monitoring's own memory; nothing else reads or writes it.
            """
            CREATE TABLE check_marks (
              mailbox       TEXT    NOT NULL,
              kind          TEXT    NOT NULL,
              checked_at_ms INTEGER NOT NULL,
              PRIMARY KEY (mailbox, kind)
            );
            """,
            // 9: `conversations list` over 100,000 conversations without a count per row: each conversation
            // keeps its message count (MessageTable.add counts), and the newest-first order has its index.
            """
            ALTER TABLE conversations ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
            UPDATE conversations SET message_count = (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id);
            CREATE INDEX conversations_by_activity ON conversations (updated_at_ms, id);
            """,
            // 10: several hosts, one helpdesk. With a shared (PostgreSQL) store each OAuth mailbox's msal4j token
            // cache lives here, sealed with AES-GCM (auth.TokenSeal), so a refresh token rotated on one host is
            // the one every host uses next; login_required is the note that the mailbox needs `auth login`.
            """
            CREATE TABLE token_caches (
              mailbox         TEXT    PRIMARY KEY,
              sealed          BLOB,
              login_required  TEXT,
              updated_at_ms   INTEGER NOT NULL,
              updated_by_host TEXT    NOT NULL
            );
            """,
            // 11: each lock name's fence remembers when, and by which host, a fetch last finished draining its
            // mailbox, so a host whose tick starts a moment after another's leaves what the other has just drained.
            """
            ALTER TABLE lock_fences ADD COLUMN drained_at_ms INTEGER;
            ALTER TABLE lock_fences ADD COLUMN drained_by_host TEXT;
            """,
            // 12: `quarantine retry` re-points the ledger rows of an input it now stores; without this index each
            // one read the whole ledger (every message ever drained: 90 ms at a million rows, 0.3 ms with it).
            // Partial: only quarantined inputs are in it, so no other ledger write pays for it.
            """
            CREATE INDEX ledger_by_quarantine ON ledger (message_ref) WHERE outcome = 'quarantined';
            """,
            // 13: a drain into a big store writes its new index entries side by side. A blob's chunks, and a
            // message's raw bytes, are found by the blob's number (each new blob gets the next), no longer by its
            // hash: in hash order every new entry landed on an index page of its own, a page written and read per
            // message and per index once the store is big. The hash stays the blob's name (unique) and each
            // message's. The chunks are copied once, into the table keyed by number.
            """
            ALTER TABLE blobs ADD COLUMN id INTEGER NOT NULL DEFAULT 0;
            UPDATE blobs SET id = numbered.n FROM (SELECT sha256, row_number() OVER (ORDER BY sha256) AS n FROM blobs)
              AS numbered WHERE numbered.sha256 = blobs.sha256;
            CREATE UNIQUE INDEX blobs_by_id ON blobs (id);
            CREATE TABLE blob_parts (
              blob_id INTEGER NOT NULL REFERENCES blobs (id),
              seq     INTEGER NOT NULL,
              data    BLOB    NOT NULL,
              PRIMARY KEY (blob_id, seq)
            );
            INSERT INTO blob_parts (blob_id, seq, data)
              SELECT b.id, c.seq, c.data FROM blobs b JOIN blob_chunks c ON c.sha256 = b.sha256 ORDER BY b.id, c.seq;
            DROP TABLE blob_chunks;
            ALTER TABLE blob_parts RENAME TO blob_chunks;
            ALTER TABLE messages ADD COLUMN raw_blob INTEGER;
            UPDATE messages SET raw_blob = (SELECT id FROM blobs WHERE blobs.sha256 = messages.sha256);
            DROP INDEX messages_by_hash;
            CREATE INDEX messages_by_raw ON messages (raw_blob);
            """,
            // 14: a message's raw bytes are a blob without a name (its hash NULL): the message row has the hash and
            // the blob's number, and a name put each new message on a random page of the global hash index, which
            // cost a drain into a store of 100,000 messages a tenth of its speed. Nothing changes in SQLite's schema
            // (its TEXT PRIMARY KEY takes NULL); PostgreSQL's does (PostgresEngine.ownMigration). The version
            // moves all the same: an older helpdesk reads raw bytes by their hash and must refuse this store.
            "");

    static int latest() {
        return STEPS.size();
    }
}
