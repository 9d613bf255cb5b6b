package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UID sets for UID commands: compact, sorted, de-duplicated, and split before lines grow too long. */
class UidSetTest {
    @Test
    void compressesRunsIntoRanges() {
        assertEquals(List.of("1:3,5,7:8"), UidSet.batches(List.of(8L, 1L, 2L, 3L, 5L, 7L, 2L)));
        assertEquals(List.of(), UidSet.batches(List.of()));
        assertEquals(List.of("4294967295"), UidSet.batches(List.of(UidSet.MAX_UID)));
    }

    @Test
    void splitsLongSetsIntoSeveralBatchesKeepingEveryUid() {
        List<Long> uids = new ArrayList<>();
        for (long uid = 1; uid <= 20_000; uid += 2) {
            uids.add(uid);
        }
        List<String> batches = UidSet.batches(uids);
        assertTrue(batches.size() > 1);
        assertTrue(batches.stream().allMatch(b -> b.length() <= 4000));
        assertEquals(uids.size(), batches.stream().mapToInt(b -> b.split(",").length).sum());
    }

    @Test
    void rejectsNumbersThatAreNotUids() {
        assertThrows(IllegalArgumentException.class, () -> UidSet.batches(List.of(0L)));
        assertThrows(IllegalArgumentException.class, () -> UidSet.batches(List.of(UidSet.MAX_UID + 1)));
    }
}
