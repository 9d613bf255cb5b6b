package dev.helpdesk.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every row of one store into another, empty one (a host's SQLite file into the PostgreSQL database
 * several hosts will share): each table of {@link CopiedTables} with its ids, in one transaction of the target,
 * so a failure anywhere leaves the target as empty as it was. The source is read from one snapshot. Before the
 * commit the target's counts must equal the snapshot's; after it both sides are counted again for the report.
 */
public final class StoreCopy {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCopy.class);

    /** Hears of every batch written; may throw to stop the copy, which then leaves the target empty. */
    @FunctionalInterface
    public interface Progress {
        void copied(String table, long rows, long of);
    }

    private final Store source;
    private final Store target;

    public StoreCopy(Store source, Store target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Copies the source's rows and {@code tokenCaches} (caches the source kept outside its tables, already
     * sealed for the target) into the target, and counts both sides.
     *
     * @throws TargetNotEmptyException when the target holds any row (meta aside); nothing is written then
     * @throws StoreException when the source has a table the copy does not know, or anything fails on the way;
     *     the target is left empty
     */
    public CopyReport copy(List<TokenCacheTable.Row> tokenCaches, Progress progress) {
        target.inTransaction(to -> source.read(from -> {
            CopiedTables.check(from.engine().tables(from), source.describe());
            refuseUnlessEmpty(to);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : CopiedTables.IN_ORDER) {
                long extra = table.equals("token_caches") ? tokenCaches.size() : 0;
                long of = from.count("SELECT count(*) FROM " + table) + extra;
                long rows = new TableCopy(from, to, table, progress).run(of);
                if (extra > 0) {
                    writeTokenCaches(to, tokenCaches);
                    rows += extra;
                    progress.copied(table, rows, of);
                }
                to.engine().continueIds(to, table);
                counts.put(table, of);
                LOG.debug("copied {} rows of {}", rows, table);
            }
            Map<String, Long> written = count(to);
            for (Map.Entry<String, Long> table : counts.entrySet()) {
                if (!table.getValue().equals(written.get(table.getKey()))) {
                    throw new StoreException("after copying, the table " + table.getKey() + " would hold "
                            + written.get(table.getKey()) + " rows in " + target.describe() + " against "
                            + table.getValue() + " in " + source.describe() + "; nothing was copied. Please report"
                            + " it, with `helpdesk --verbose store copy`.");
                }
            }
            return null;
        }));
        // Counted again on both sides: a row the source gained meanwhile (from a command the fetch locks do not
        // stop) or one the target gained (a helpdesk already running against it) shows as a difference.
        Map<String, Long> inTarget = target.read(StoreCopy::count);
        Map<String, Long> inSource = source.read(StoreCopy::count);
        inSource.merge("token_caches", (long) tokenCaches.size(), Long::sum);
        List<CopyReport.Table> tables = new ArrayList<>();
        inTarget.forEach((table, rows) -> tables.add(new CopyReport.Table(table, inSource.get(table), rows)));
        return new CopyReport(tables);
    }

    private void refuseUnlessEmpty(Tx to) {
        Map<String, Long> held = new LinkedHashMap<>();
        for (String table : to.engine().tables(to)) {
            long rows = table.equals("meta") ? 0 : to.count("SELECT count(*) FROM " + table);
            if (rows > 0) {
                held.put(table, rows);
            }
        }
        if (!held.isEmpty()) {
            throw new TargetNotEmptyException(target.describe(), held);
        }
    }

    /** Caches from outside the source's tables; a mailbox whose cache was also a row there is refused, not merged. */
    private void writeTokenCaches(Tx to, List<TokenCacheTable.Row> caches) {
        for (TokenCacheTable.Row cache : caches) {
            if (to.tokenCaches().find(cache.mailbox()).isPresent()) {
                throw new StoreException("the token cache of mailbox " + cache.mailbox() + " is both a row of"
                        + " token_caches in " + source.describe() + " and a file in the data directory's tokens/;"
                        + " nothing was copied. Keep the one in use and remove the other, then copy again.");
            }
            cache.sealed().ifPresent(sealed -> to.tokenCaches().putSealed(cache.mailbox(), sealed, cache.updatedAt(),
                    cache.updatedByHost()));
            if (cache.loginRequired().isPresent()) {
                to.tokenCaches().putLoginRequired(cache.mailbox(), cache.loginRequired(), cache.updatedAt(),
                        cache.updatedByHost());
            }
        }
    }

    private static Map<String, Long> count(Tx tx) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : CopiedTables.IN_ORDER) {
            counts.put(table, tx.count("SELECT count(*) FROM " + table));
        }
        return counts;
    }
}
