package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which parts of a MIME tree become the text, the HTML, attachments and the returned Message-ID of a bounce. */
class MimeStructureTest {
    private final MessageParser parser = new MessageParser();

    private ParsedMessage parse(String message) throws UnparseableMessageException {
        return parser.parse(TestMessages.crlf(message));
    }

    private static List<String> names(ParsedMessage m) {
        return m.attachments().stream().map(a -> a.fileName() + " " + a.contentType()).toList();
    }

    @Test
    void alternativePrefersPlainTextAndKeepsHtmlWithRelatedImagesAsInlineAttachments() throws Exception {
        ParsedMessage m = parse("""
                Content-Type: multipart/alternative; boundary=a

                --a
                Content-Type: text/plain

                plain
                --a
                Content-Type: multipart/related; boundary=r

                --r
                Content-Type: text/html

                <img src="cid:logo@x">
                --r
                Content-Type: image/gif
                Content-ID: <logo@x>
                Content-Transfer-Encoding: base64

                R0lGODlh
                --r--
                --a
                Content-Type: text/plain

                a second plain alternative, dropped
                --a--
                """);
        assertEquals(Optional.of("plain"), m.text());
        assertEquals(Optional.of("<img src=\"cid:logo@x\">"), m.html());
        Attachment logo = m.attachments().get(0);
        assertEquals(1, m.attachments().size());
        assertEquals(new Attachment("", "image/gif", logo.content(), Optional.of("logo@x"), true), logo);
        assertArrayEquals("GIF89a".getBytes(StandardCharsets.US_ASCII), logo.content().readAll());
    }

    @Test
    void signaturesEncryptedPartsAndTnefAreKeptAsAttachments() throws Exception {
        ParsedMessage signed = parse("""
                Content-Type: multipart/signed; protocol="application/pgp-signature"; boundary=s

                --s
                Content-Type: text/plain

                signed text
                --s
                Content-Type: application/pgp-signature; name=signature.asc

                -----BEGIN PGP SIGNATURE-----
                --s--
                """);
        assertEquals(Optional.of("signed text"), signed.text());
        assertEquals(List.of("signature.asc application/pgp-signature"), names(signed));

        ParsedMessage smime = parse("""
                Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m
                Content-Transfer-Encoding: base64

                MIAGCSqGSIb3DQEHA6CAMIACAQA=
                """);
        assertEquals(Optional.empty(), smime.text());
        assertEquals(List.of("smime.p7m application/pkcs7-mime"), names(smime));

        ParsedMessage tnef = parse("""
                Content-Type: multipart/mixed; boundary=t

                --t
                Content-Type: text/plain

                see winmail
                --t
                Content-Type: application/ms-tnef
                Content-Disposition: attachment; filename="winmail.dat"

                TNEF
                --t--
                """);
        assertEquals(List.of("winmail.dat application/ms-tnef"), names(tnef));
    }

    @Test
    void anAttachedMessageIsKeptAndGivesTheTextOnlyWhenTheMessageHasNoneOfItsOwn() throws Exception {
        String inner = "From: frank@example.org\nMessage-ID: <inner@example.org>\nSubject: inner\n\ninner text\n";
        ParsedMessage withText = parse("Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\n"
                + "outer text\n--m\nContent-Type: message/rfc822\n\n" + inner + "--m--\n");
        assertEquals(Optional.of("outer text"), withText.text());
        assertEquals(List.of(" message/rfc822"), names(withText));
        assertTrue(new String(withText.attachments().get(0).content().readAll(), StandardCharsets.US_ASCII)
                .contains("Message-ID: <inner@example.org>"));

        ParsedMessage withoutText = parse("Content-Type: multipart/mixed; boundary=m\n\n--m\n"
                + "Content-Type: message/rfc822\n\n" + inner + "--m--\n");
        assertEquals(Optional.of("inner text"), withoutText.text());
        assertTrue(withoutText.notes().contains("no text of its own; the text of the attached message is shown"),
                withoutText.notes()::toString);
    }

    @Test
    void findsTheReturnedMessageIdOfEveryKindOfBounce() throws Exception {
        String report = "Content-Type: multipart/report; report-type=delivery-status; boundary=d\n\n--d\n"
                + "Content-Type: text/plain\n\nfailed\n--d\nContent-Type: message/delivery-status\n\nStatus: 5.1.1\n"
                + "--d\n";
        assertEquals(Optional.of("ours@helpdesk"), parse(report + "Content-Type: message/rfc822\n\n"
                + "Message-ID: <ours@helpdesk>\n\nbody\n--d--\n").returnedMessageId());
        assertEquals(Optional.of("headers@helpdesk"), parse(report + "Content-Type: text/rfc822-headers\n\n"
                + "Subject: x\nMessage-ID:\n <headers@helpdesk>\n--d--\n").returnedMessageId());
        assertEquals(Optional.of("attached@helpdesk"), parse("Content-Type: multipart/mixed; boundary=m\n\n--m\n"
                + "Content-Type: text/plain\n\nUndeliverable\n--m\nContent-Type: message/rfc822\n\n"
                + "Message-ID: <attached@helpdesk>\n\nbody\n--m--\n").returnedMessageId());
        assertEquals(Optional.of("quoted@helpdesk"), parse("From: MAILER-DAEMON@x\n\nI could not deliver it.\n\n"
                + "--- Below this line is a copy of the message.\n\nReturn-Path: <>\nMessage-ID: <quoted@helpdesk>\n"
                + "\nhello\n").returnedMessageId());
        assertEquals(Optional.of("exim@helpdesk"), parse("From: Mail Delivery System <Mailer-Daemon@x>\n\n"
                + "------ This is a copy of the message, including all the headers. ------\n\n"
                + "Message-Id: <exim@helpdesk>\n\nhello\n").returnedMessageId());
        assertEquals(Optional.empty(), parse("Subject: plain\n\nMessage-ID: <not-a-copy@x>\n").returnedMessageId());
    }

    @Test
    void textPartsAroundAnInlineImageAreJoinedAndNamedTextPartsAreAttachments() throws Exception {
        ParsedMessage m = parse("""
                Content-Type: multipart/mixed; boundary=m

                --m
                Content-Type: text/plain

                before
                --m
                Content-Type: image/png
                Content-Disposition: inline; filename=photo.png

                PNG
                --m
                Content-Type: text/plain

                after
                --m
                Content-Type: text/plain; name=log.txt

                a log file
                --m--
                """);
        assertEquals(Optional.of("before\n\nafter"), m.text());
        assertEquals(List.of("photo.png image/png", "log.txt text/plain"), names(m));
        assertTrue(m.attachments().get(0).inline());
        assertTrue(!m.attachments().get(1).inline());
    }

    @Test
    void aNestedMultipartThatCannotBeSplitIsKeptWholeAndTheRestIsRead() throws Exception {
        ParsedMessage m = parse("""
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: text/plain

                still readable
                --outer
                Content-Type: multipart/alternative; boundary=never-there

                no boundary in here
                --outer--
                """);
        assertEquals(Optional.of("still readable"), m.text());
        assertEquals(List.of(" multipart/alternative"), names(m));
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("kept whole as an attachment")), m.notes()::toString);
    }

    @Test
    void partsNestedTooDeepAreNotReadButTheMessageStillParses() throws Exception {
        StringBuilder message = new StringBuilder("Subject: deep\n");
        for (int i = 0; i < 100; i++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i)
                    .append("\n");
        }
        message.append("Content-Type: text/plain\n\ndeepest\n");
        ParsedMessage m = parse(message.toString());
        assertEquals(Optional.empty(), m.text());
        assertTrue(m.notes().contains("MIME parts nested more than 32 levels deep were not read"), m.notes()::toString);
    }

    @Test
    void notesSayWhichFallbacksWereTaken() throws Exception {
        ParsedMessage m = parser.parse(("Subject: =?x-unknown?Q?caf=E9?=\r\n"
                + "Content-Type: text/plain; charset=x-bogus\r\nContent-Transfer-Encoding: x-weird\r\n\r\ncaf\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("café", m.subject());
        assertEquals(Optional.of("café"), m.text());
        assertEquals(List.of("text body: unknown transfer encoding \"x-weird\"; read as is",
                "text body: charset \"x-bogus\" unknown; read as windows-1252",
                "Subject: charset \"x-unknown\" unknown; read as windows-1252"), m.notes());
        assertEquals(List.of(), parse("Subject: clean\n\nplain ascii\n").notes());
    }

    @Test
    void decodesRfc2231AndRfc2047FileNamesAndLeavesThemUnsanitised() throws Exception {
        ParsedMessage m = parse("""
                Content-Type: multipart/mixed; boundary=m

                --m
                Content-Type: application/pdf
                Content-Disposition: attachment; filename*0*=UTF-8''%E2%82%AC%20; filename*1="../x.pdf"

                a
                --m
                Content-Type: application/pdf; name="=?UTF-8?Q?=C3=BCber.pdf?="

                b
                --m--
                """);
        assertEquals(List.of("€ ../x.pdf application/pdf", "über.pdf application/pdf"), names(m));
    }
}
