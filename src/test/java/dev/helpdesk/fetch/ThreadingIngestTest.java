package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.store.ConversationTable.Conversation;
import dev.helpdesk.store.LedgerTable.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/**
 * Threading, reopening and bounce linking through {@link Ingest#store} into a real store: which conversation
 * each message lands in, and which messages may reopen a closed one.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class ThreadingIngestTest {
    @Parameter
    StoreEngine engine;

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path dataDir;

    private CorpusRig rig;
    private long uid;

    @BeforeEach
    void openStore() {
        rig = new CorpusRig(dataDir, engine);
    }

    @AfterEach
    void closeStore() {
        rig.close();
    }

    @Test
    void aReplyByInReplyToOrReferencesJoinsTheConversationWhoeverSendsIt() {
        long conversation = conversationOf(store(mail("alice@example.org", "Question", "q1@example.org", "")));

        assertEquals(conversation, conversationOf(store(mail("alice@example.org", "Re: Question", "q2@example.org",
                "In-Reply-To: <q1@example.org>\n"))));
        assertEquals(conversation, conversationOf(store(mail("colleague@example.org", "Re: Question",
                "q3@example.org", "References: <not-stored@example.org> <q2@example.org>\n"))));
        assertEquals(List.of("alice@example.org", "colleague@example.org"), participants(conversation));
    }

    @Test
    void aSubjectMarkerThreadsOnlyMailFromSomeoneWhoAlreadyTakesPart() {
        long conversation = conversationOf(store(mail("alice@example.org", "Question", "q1@example.org", "")));

        long fromParticipant = conversationOf(store(mail("Alice@Example.org", "Re: [#" + conversation + "] Question",
                "q2@example.org", "")));
        long fromStranger = conversationOf(store(mail("mallory@evil.example", "Re: [#" + conversation + "] Question",
                "q3@evil.example", "")));

        assertEquals(conversation, fromParticipant);
        assertNotEquals(conversation, fromStranger);
        assertEquals(List.of("alice@example.org"), participants(conversation));
        assertEquals(Optional.of("mallory@evil.example"), find(fromStranger).customerEmail());
    }

    @Test
    void anAutoReplyToOurReplyDoesNotReopenAClosedConversationButTheCustomersReplyDoes() {
        long conversation = conversationOf(store(mail("alice@example.org", "Question", "q1@example.org", "")));
        store(mail("support@example.com", "Re: Question [#" + conversation + "]", "r1@helpdesk.example.com",
                "In-Reply-To: <q1@example.org>\n"));
        close(conversation);

        Ingest.Result autoReply = store(mail("alice@example.org", "Out of office: Re: Question", "a1@example.org",
                "In-Reply-To: <r1@helpdesk.example.com>\nAuto-Submitted: auto-replied\n"));
        assertEquals(conversation, conversationOf(autoReply));
        assertEquals("closed", find(conversation).status());

        Ingest.Result customer = store(mail("alice@example.org", "Re: Question", "q2@example.org",
                "In-Reply-To: <r1@helpdesk.example.com>\n"));
        assertEquals(conversation, conversationOf(customer));
        assertEquals("open", find(conversation).status());
    }

    @Test
    void autoRepliesAndOurOwnMailNeverOpenOrReopenAConversation() {
        long conversation = conversationOf(store(mail("alice@example.org", "Question", "q1@example.org", "")));
        close(conversation);

        Ingest.Result vacation = store(mail("alice@example.org", "Away [#" + conversation + "]", "a1@example.org",
                "X-Autoreply: yes\n"));
        Ingest.Result unknownAutoReply = store(mail("robot@example.net", "Thanks for your mail", "a2@example.net",
                "Precedence: auto_reply\n"));
        Ingest.Result ownMail = store(mail("support@example.com", "Newsletter", "o1@helpdesk.example.com", ""));

        assertEquals(conversation, conversationOf(vacation)); // a participant's marker threads, but ...
        assertEquals("closed", find(conversation).status()); // ... does not reopen
        assertEquals(Optional.empty(), rig.message(unknownAutoReply.ref()).conversation());
        assertEquals(Optional.empty(), rig.message(ownMail.ref()).conversation());
    }

    @Test
    void aBounceJoinsTheConversationOfTheMessageItReturnsWithoutReopeningIt() {
        long conversation = conversationOf(store(mail("alice@example.org", "Question", "q1@example.org", "")));
        store(mail("support@example.com", "Re: Question", "r1@helpdesk.example.com",
                "In-Reply-To: <q1@example.org>\n"));
        close(conversation);

        Ingest.Result bounce = store(raw("""
                From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
                To: support@example.com
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <bounce1@mx.example.org>
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"

                --b
                Content-Type: text/plain

                Your message could not be delivered.
                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.org

                Final-Recipient: rfc822; alice@example.org
                Action: failed
                Status: 5.1.1
                --b
                Content-Type: message/rfc822

                From: support@example.com
                To: alice@example.org
                Subject: Re: Question
                Message-ID: <r1@helpdesk.example.com>

                The answer.
                --b--
                """));

        assertEquals("bounce", rig.message(bounce.ref()).kind());
        assertEquals(conversation, conversationOf(bounce));
        assertEquals("closed", find(conversation).status());
        assertEquals(List.of("alice@example.org"), participants(conversation));
    }

    @Test
    void aBounceWhoseReturnedMessageIsUnknownOpensNothing() {
        Ingest.Result bounce = store(raw("""
                From: MAILER-DAEMON@mx.example.org
                To: support@example.com
                Subject: failure notice
                Message-ID: <bounce2@mx.example.org>

                Sorry, no mailbox here by that name.

                --- Below this line is a copy of the message.

                Message-ID: <never-stored@helpdesk.example.com>
                Subject: hello
                """));

        assertEquals(Outcome.STORED, bounce.outcome());
        assertEquals(Optional.empty(), rig.message(bounce.ref()).conversation());
    }

    private Ingest.Result store(byte[] raw) {
        uid++;
        return rig.store(uid, raw, NOW.plusSeconds(uid));
    }

    private long conversationOf(Ingest.Result result) {
        assertEquals(Outcome.STORED, result.outcome(), () -> result.error().orElse(""));
        return rig.message(result.ref()).conversation().orElseThrow();
    }

    private Conversation find(long conversation) {
        return rig.store().inTransaction(tx -> tx.conversations().find(conversation)).orElseThrow();
    }

    private List<String> participants(long conversation) {
        return rig.store().inTransaction(tx -> tx.conversations().participants(conversation));
    }

    private void close(long conversation) {
        rig.store().inTransaction(tx -> {
            tx.conversations().setStatus(conversation, "closed", NOW);
            return null;
        });
        assertTrue(find(conversation).closed());
    }

    private static byte[] mail(String from, String subject, String messageId, String extraHeaders) {
        return raw("From: " + from + "\nTo: support@example.com\nSubject: " + subject + "\nMessage-ID: <" + messageId
                + ">\n" + extraHeaders + "Date: Mon, 2 Mar 2026 10:00:00 +0000\n\nBody of " + messageId + "\n");
    }

    private static byte[] raw(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
