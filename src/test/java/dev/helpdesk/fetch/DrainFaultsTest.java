package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FaultProxy;
import dev.helpdesk.testing.PlainImapClient;
import dev.helpdesk.testing.SampleMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drain against a real Dovecot with faults injected between them (refused, empty and missing bodies, a
 * connection cut mid-literal, a throttled link, a stall, a refused action): each time the mail that arrived is
 * kept, nothing is passed silently, and the mailbox never wedges.
 */
@Tag("process")
@Timeout(120)
class DrainFaultsTest {
    @TempDir
    Path dir;

    private DovecotRig rig;

    @BeforeEach
    void start() {
        rig = new DovecotRig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private void seed(int count, int size) {
        byte[][] messages = new byte[count][];
        for (int i = 0; i < count; i++) {
            messages[i] = SampleMessages.numbered(i + 1, size);
        }
        rig.dovecot.seed("INBOX", messages);
    }

    @Test
    void aBodyTheServerRefusesKeepsTheOthersHoldsTheFolderAndIsSetAsideAfterThreeRuns() {
        seed(5, 2_000);
        rig.proxy.refuseBody(3, FaultProxy.UNAVAILABLE);

        CliRun first = rig.run("fetch");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().startsWith("support: 4 new") && first.out().contains("1 refused by the server"),
                first.out());
        assertTrue(first.err().contains("warning: UID 3 in folder \"INBOX\": the server refused it")
                && first.err().contains("UNAVAILABLE") && first.err().contains("(1 of 3)"), first.err());
        assertTrue(rig.proxy.commands().stream().anyMatch(c -> c.equals("UID FETCH 3 (UID BODY.PEEK[])")),
                "the missing one was asked for alone: " + rig.proxy.commands());
        assertEquals(2, rig.count("SELECT last_uid FROM folder_state"), "UID 3 holds the folder back");
        assertTrue(rig.run("status").out().contains("refused       UID 3 in INBOX, in 1 run"));

        assertTrue(rig.run("fetch").out().contains("0 new") , "the second run is refused again");
        CliRun third = rig.run("fetch");
        assertTrue(third.out().contains("1 set aside"), third.toString());
        assertEquals(5, rig.count("SELECT last_uid FROM folder_state"), "set aside, it no longer holds the rest back");
        CliRun skipped = rig.run("skipped", "list");
        assertTrue(skipped.out().contains("UID 3") && skipped.out().contains("unfetchable: the server refused it")
                && skipped.out().contains("(in 3 runs)"), skipped.out());

        rig.proxy.clearFaults();
        CliRun fetched = rig.run("skipped", "fetch", "--all");
        assertEquals(0, fetched.code(), fetched.toString());
        assertEquals(5, rig.count("SELECT count(*) FROM messages"));
        assertEquals(0, rig.count("SELECT count(*) FROM refusals"));
    }

    @Test
    void aNilBodyOrAResponseWithoutBodyIsNeverTakenForAnExpungedMessage() {
        seed(4, 1_000);
        rig.proxy.nilBody(2).noBodyItem(4);
        CliRun first = rig.run("fetch");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().startsWith("support: 2 new") && first.out().contains("2 refused by the server"),
                first.out());
        CliRun status = rig.run("status", "--json");
        assertTrue(status.out().contains("the server sent NIL for its body")
                && status.out().contains("the server answered without its body"), status.out());
        assertEquals(1, rig.count("SELECT last_uid FROM folder_state"));
        rig.proxy.clearFaults();
        CliRun second = rig.run("fetch");
        assertTrue(second.out().startsWith("support: 2 new"), second.out());
        assertEquals(4, rig.count("SELECT last_uid FROM folder_state"));
    }

    @Test
    void aConnectionCutInTheMiddleOfABodyKeepsWhatArrivedWhole() {
        seed(5, 3_000);
        rig.proxy.connection(1).cutInLiteralOf(4, 500);
        CliRun first = rig.run("fetch");
        assertEquals(69, first.code(), first.toString());
        assertTrue(first.out().startsWith("support: 3 new"), "the bodies before the cut are committed: " + first);
        CliRun second = rig.run("fetch");
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().startsWith("support: 2 new"), second.out());
        assertEquals(5, rig.count("SELECT count(*) FROM messages"));
        assertEquals(0, rig.count("SELECT count(*) FROM pending_actions"));
    }

    @Test
    void onASlowLinkEveryRunCommitsWhatArrivedWithinItsTime() throws Exception {
        seed(16, 10_000);
        rig.config("\"lockTtl\": \"4s\", \"limits\": { \"maxDuration\": \"2s\" },", "");
        rig.proxy.throttle(20_000); // 160 KB of mail at 20 KB/s: eight seconds, one chunk
        int runs = 0;
        long stored = 0;
        while (stored < 16) {
            CliRun run = rig.run("fetch");
            assertEquals(0, run.code(), run.toString());
            long now = rig.count("SELECT count(*) FROM messages");
            assertTrue(now > stored, "run " + (runs + 1) + " made progress: " + run.out());
            stored = now;
            runs++; // at most 16: every run stores at least one
        }
        assertTrue(runs >= 3, "the chunk really was cut by time: " + runs + " runs");
        CliRun last = rig.run("fetch"); // a run cut by time left its chunk's actions queued: this one applies them
        assertTrue(last.out().startsWith("support: 0 new"), last.out());
        assertEquals(0, rig.count("SELECT count(*) FROM pending_actions"));
        try (PlainImapClient server = rig.server()) {
            assertEquals(16, server.flags("INBOX").values().stream().filter(f -> f.contains("\\Seen")).count());
        }
    }

    @Test
    void aLeaseLostDuringAStalledFetchEndsTheMailboxAtOnce() throws Exception {
        seed(3, 1_000);
        rig.config("\"lockTtl\": \"3s\", \"limits\": { \"maxDuration\": \"1s\" },", "");
        rig.proxy.stallOnBodyOf(2);
        CompletableFuture<CliRun> fetch = CompletableFuture.supplyAsync(() -> rig.run("fetch"));
        assertTrue(rig.proxy.awaitStalled(Duration.ofSeconds(20)), "the fetch reached the stalled body");
        long started = System.nanoTime();
        CliRun release = rig.run("lock", "release", "fetch:support", "--force");
        assertEquals(0, release.code(), release.toString());
        CliRun stalled = fetch.get(30, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(79, stalled.code(), stalled.toString());
        assertTrue(stalled.err().contains("lease-lost"), stalled.err());
        assertTrue(ms < 10_000, "ended by the heartbeat, not by the read timeout: " + ms + " ms");
        assertEquals(0, rig.count("SELECT count(*) FROM messages"), "the lost run wrote nothing");
    }

    @Test
    void aRefusedActionStaysQueuedWithItsReasonAndNeverBlocksNewMail() {
        seed(3, 1_000);
        rig.config("", "\"afterFetch\": \"move:Archive\",");
        rig.proxy.refuseCommand("UID MOVE", "[OVERQUOTA] Quota exceeded (mailbox for user is full)");

        CliRun first = rig.run("fetch");
        assertEquals(76, first.code(), first.toString());
        assertTrue(first.out().startsWith("support: 3 new"), first.out());
        assertTrue(first.err().contains("action-refused") && first.err().contains("Quota exceeded"), first.err());
        CliRun status = rig.run("status");
        assertTrue(status.out().contains("3 server actions; 3 of them refused by the server")
                && status.out().contains("Quota exceeded"), status.out());

        rig.dovecot.seed("INBOX", SampleMessages.numbered(4, 1_000), SampleMessages.numbered(5, 1_000));
        CliRun second = rig.run("fetch");
        assertEquals(76, second.code(), second.toString());
        assertTrue(second.out().startsWith("support: 2 new"), "new mail still comes in: " + second.out());

        rig.config("", "\"afterFetch\": \"mark-seen\",");
        CliRun third = rig.run("fetch");
        assertEquals(0, third.code(), third.toString());
        assertEquals(0, rig.count("SELECT count(*) FROM pending_actions"), "the unwanted moves were dropped");
        assertEquals(5, rig.count("SELECT count(*) FROM messages"));
    }

    @Test
    void listingStopsWhenTheRunsBudgetIsFull() {
        byte[][] many = new byte[(int) (UidWindows.TARGET * 5 / 2)][];
        for (int i = 0; i < many.length; i++) {
            many[i] = ("Subject: " + i + "\r\nMessage-ID: <m" + i + "@example.org>\r\n\r\nhi\r\n").getBytes();
        }
        rig.dovecot.seed("INBOX", many);
        rig.config("\"limits\": { \"maxMessages\": 10 },", "");
        CliRun run = rig.run("fetch");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("support: 10 new")
                && run.out().contains((many.length - 10) + " remaining on server"), run.out());
        List<String> listings = rig.proxy.commands().stream().filter(c -> c.endsWith("(UID RFC822.SIZE)")).toList();
        assertEquals(List.of("UID FETCH 1:" + UidWindows.TARGET + " (UID RFC822.SIZE)"), listings,
                "one window, not the whole folder");
    }

    @Test
    void afterAUidValidityResetStoredMailIsRecognisedNotDownloadedAndNotMarkedAgain() throws Exception {
        seed(200, 10_000);
        CliRun first = rig.run("fetch");
        assertTrue(first.out().startsWith("support: 200 new"), first.toString());
        assertTrue(rig.staff("INBOX", "UID STORE 1:5 -FLAGS.SILENT (\\Seen)").ok(), "staff marked five unread");
        long before;
        try (PlainImapClient server = rig.server()) {
            before = server.uidValidity("INBOX");
        }
        long after = rig.dovecot.resetUidValidity(DovecotRig.USER, "INBOX");
        assertTrue(after != before, "a new UIDVALIDITY");
        rig.dovecot.seed("INBOX", SampleMessages.numbered(201, 10_000));

        long downloadedBefore = rig.proxy.bytesToClient();
        int commandsBefore = rig.proxy.commands().size();
        CliRun again = rig.run("fetch");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().startsWith("support: 1 new") && again.out().contains("200 recognised"), again.out());
        long downloaded = rig.proxy.bytesToClient() - downloadedBefore;
        long folderBytes = 201L * 10_000;
        assertTrue(downloaded < folderBytes / 20, "downloaded " + downloaded + " bytes of a " + folderBytes
                + "-byte folder");
        List<String> commands = rig.proxy.commands().subList(commandsBefore, rig.proxy.commands().size());
        assertTrue(commands.contains("UID FETCH 201:201 (UID RFC822.SIZE)"),
                "the listing starts at the first message recovery did not recognise: " + commands);
        try (PlainImapClient server = rig.server()) {
            Map<Long, Set<String>> flags = server.flags("INBOX");
            assertEquals(5, flags.values().stream().filter(f -> !f.contains("\\Seen")).count(),
                    "the five staff marked unread stay unread; the new one is seen");
        }
        assertEquals(201, rig.count("SELECT count(*) FROM messages"));
    }

    @Test
    void aServerThatCanNeitherMoveNorExpungeByUidIsMisconfiguredBeforeAnythingIsFetched() throws Exception {
        Path lesserDir = dir.resolve("lesser");
        java.nio.file.Files.createDirectories(lesserDir);
        try (DovecotRig lesser = new DovecotRig(lesserDir,
                "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN")) {
            byte[] one = SampleMessages.numbered(1, 500);
            lesser.dovecot.seed("INBOX", one);
            for (String action : List.of("move:Archive", "delete")) {
                lesser.config("", "\"afterFetch\": \"" + action + "\",");
                CliRun run = lesser.run("fetch");
                assertEquals(78, run.code(), action + ": " + run);
                assertTrue(run.err().contains("UIDPLUS") && run.err().contains("Nothing was fetched"), run.err());
            }
            assertFalse(lesser.proxy.commands().stream().anyMatch(c -> c.contains("BODY.PEEK[]")),
                    "no body was fetched: " + lesser.proxy.commands());
            lesser.config("", "\"afterFetch\": \"mark-seen\",");
            CliRun seen = lesser.run("fetch");
            assertEquals(0, seen.code(), seen.toString());
            assertTrue(seen.out().startsWith("support: 1 new"), seen.out());
        }
    }

    @Test
    void drainsWithEveryActionOnRealDovecot() throws Exception {
        seed(4, 3_000);
        rig.config("", "\"afterFetch\": \"move:Archive\",");
        CliRun moved = rig.run("fetch");
        assertEquals(0, moved.code(), moved.toString());
        try (PlainImapClient server = rig.server()) {
            assertEquals(List.of(), server.uids("INBOX"));
            assertEquals(4, server.uids("Archive").size());
        }
        rig.dovecot.seed("INBOX", SampleMessages.numbered(5, 3_000), SampleMessages.numbered(6, 3_000));
        rig.config("", "\"afterFetch\": \"delete\",");
        CliRun deleted = rig.run("fetch");
        assertTrue(deleted.out().startsWith("support: 2 new"), deleted.out());
        try (PlainImapClient server = rig.server()) {
            assertEquals(List.of(), server.uids("INBOX"));
        }
        assertEquals(6, rig.count("SELECT count(*) FROM messages"));
    }
}
