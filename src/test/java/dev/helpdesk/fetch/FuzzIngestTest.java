package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.store.LedgerTable.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutations of the valid corpus messages (truncated, random bytes, broken boundaries, huge headers, deep
 * nesting, NULs, overlong lines ...) through {@link Ingest#store} into a real store: nothing ever throws, and
 * every input ends up stored, a duplicate or quarantined. Replay a failure with {@code -Dfuzz.seed=N}. About
 * 20 to 30 seconds, hence "slow".
 */
@Tag("slow")
class FuzzIngestTest {
    private static final int INPUTS = 10_000;
    private static final int PER_TRANSACTION = 400;
    private static final long DEFAULT_SEED = 20_260_304L;
    private static final Instant NOW = Instant.parse("2026-03-20T09:00:00Z");

    @TempDir
    Path dataDir;

    private record Failure(int input, String mutation, RuntimeException error) {
    }

    /** The kind of a quarantine error, without the details that differ per message. */
    private static String reason(String error) {
        return error.replaceAll("[:(].*", "").strip();
    }

    @BeforeAll
    static void findTheMailStreamProviderOnce() {
        // Jakarta Mail 2.1 otherwise runs a ServiceLoader lookup for every header block it parses, which is
        // most of the parse time here; naming the provider (as Angus itself would find it) skips that.
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    @Test
    void neverThrowsAndAccountsForEveryInput() {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        System.out.println("FuzzIngestTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        FuzzMutations mutations = new FuzzMutations(random);
        List<byte[]> valid = CorpusRig.storedMessages();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Map<String, Integer> reasons = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        long start = System.nanoTime();
        try (CorpusRig rig = new CorpusRig(dataDir, 64 * 1024)) {
            for (int batch = 0; batch < INPUTS; batch += PER_TRANSACTION) {
                // As a drain chunk: every message prepared first, then one transaction that only writes.
                Map<Integer, Prepared> prepared = new java.util.LinkedHashMap<>();
                Map<Integer, String> kinds = new java.util.HashMap<>();
                for (int input = batch; input < Math.min(INPUTS, batch + PER_TRANSACTION); input++) {
                    FuzzMutations.Mutant mutant = mutations.mutate(valid.get(random.nextInt(valid.size())),
                            valid.get(random.nextInt(valid.size())), input);
                    kinds.put(input, mutant.kind());
                    try {
                        prepared.put(input, rig.prepare(mutant.raw()));
                    } catch (RuntimeException e) {
                        failures.add(new Failure(input, mutant.kind(), e));
                    }
                }
                rig.store().inTransaction(tx -> {
                    prepared.forEach((input, message) -> {
                        try {
                            Ingest.Result result = rig.ingest().write(tx, "INBOX", input + 1, message, NOW);
                            outcomes.merge(result.outcome(), 1, Integer::sum);
                            result.error().ifPresent(error -> reasons.merge(reason(error), 1, Integer::sum));
                        } catch (RuntimeException e) {
                            failures.add(new Failure(input, kinds.get(input), e));
                        }
                    });
                    return null;
                });
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("FuzzIngestTest: " + INPUTS + " inputs in " + millis + " ms: " + outcomes
                    + ", quarantine rows " + rig.count("quarantine") + ", messages " + rig.count("messages")
                    + ", attachments " + rig.count("attachments") + "; quarantined because " + reasons);
            failures.stream().limit(5).forEach(f -> f.error().printStackTrace());
            assertTrue(failures.isEmpty(), () -> failures.size() + " inputs threw (seed " + seed + "), first: input "
                    + failures.get(0).input() + " (" + failures.get(0).mutation() + "): " + failures.get(0).error());
            int stored = outcomes.getOrDefault(Outcome.STORED, 0);
            int duplicates = outcomes.getOrDefault(Outcome.DUPLICATE, 0);
            int quarantined = outcomes.getOrDefault(Outcome.QUARANTINED, 0);
            assertEquals(INPUTS, stored + duplicates + quarantined, "stored + duplicates + quarantined");
            assertEquals(stored, rig.count("messages"), "a message row per stored input");
            assertTrue(rig.count("quarantine") <= quarantined && (quarantined == 0) == (rig.count("quarantine") == 0),
                    "quarantine rows, one per distinct raw message");
            assertTrue(stored > INPUTS / 2, "most mutants are still readable: " + outcomes);
            assertTrue(quarantined > 0 && duplicates > 0, "the mutations reach every outcome: " + outcomes);
        }
    }
}
