package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helpdesk.testing.StoreEngine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The run history's pruning against the rule written out plainly: a run started before the cut goes, unless it
 * is its mailbox's newest run, newest success or newest run with an error (newest: latest start, then highest
 * id). Random histories, with equal start times, on both engines.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class RunPruneTest {
    private static final List<String> SUCCESSES = List.of("ok", "quarantined");
    private static final List<String> OUTCOMES = List.of("ok", "quarantined", "failed", "unreachable", "busy");
    private static final long CUT = 1_000;

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private record Row(long id, String mailbox, long start, String outcome, boolean error) {
    }

    @Test
    void keepsEachMailboxsNewestRunSuccessAndErrorAndDropsTheRestBeforeTheCut() {
        try (Store store = engine.prepare(dir).open()) {
            for (int seed = 0; seed < 20; seed++) {
                List<Row> rows = history(store, new Random(seed));
                Set<Long> expected = new TreeSet<>();
                rows.stream().filter(row -> row.start() >= CUT || kept(rows, row))
                        .forEach(row -> expected.add(row.id()));
                int pruned = store.inTransaction(tx -> tx.runs().prune(Instant.ofEpochMilli(CUT), SUCCESSES));
                List<Long> ids = store.read(tx -> tx.query("SELECT id FROM runs", r -> r.getLong(1)));
                Set<Long> left = new TreeSet<>(ids);
                assertEquals(expected, left, "seed " + seed);
                assertEquals(rows.size() - expected.size(), pruned, "seed " + seed);
                store.inTransaction(tx -> tx.execute("DELETE FROM runs"));
            }
        }
    }

    private static boolean kept(List<Row> rows, Row row) {
        return newest(rows, row.mailbox(), candidate -> true) == row
                || newest(rows, row.mailbox(), candidate -> SUCCESSES.contains(candidate.outcome())) == row
                || newest(rows, row.mailbox(), Row::error) == row;
    }

    private static Row newest(List<Row> rows, String mailbox, Predicate<Row> which) {
        return rows.stream().filter(row -> row.mailbox().equals(mailbox) && which.test(row))
                .max(Comparator.comparingLong(Row::start).thenComparingLong(Row::id)).orElse(null);
    }

    /** Up to 40 runs over three mailboxes, started at 0-1,999 ms in steps of 100 (so starts repeat). */
    private static List<Row> history(Store store, Random random) {
        List<Row> rows = new ArrayList<>();
        int count = 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            String mailbox = "m" + random.nextInt(3);
            long start = 100L * random.nextInt(20);
            String outcome = OUTCOMES.get(random.nextInt(OUTCOMES.size()));
            boolean error = !SUCCESSES.contains(outcome) && random.nextInt(3) > 0;
            store.inTransaction(tx -> {
                tx.runs().add(new RunTable.Run(mailbox, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 50),
                        outcome, 0, 0, 0, 0, 0, 0, 0, 0, 0, error ? Optional.of("it failed") : Optional.empty(), 1,
                        "host"));
                return null;
            });
            long id = store.read(tx -> tx.count("SELECT max(id) FROM runs"));
            rows.add(new Row(id, mailbox, start, outcome, error));
        }
        return rows;
    }
}
