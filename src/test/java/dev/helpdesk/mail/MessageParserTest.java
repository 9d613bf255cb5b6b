package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Raw bytes in, plain record out: decoding, identifiers, bodies, and what counts as unparseable. */
class MessageParserTest {
    private final MessageParser parser = new MessageParser();

    private ParsedMessage parse(String message) throws UnparseableMessageException {
        return parser.parse(TestMessages.crlf(message));
    }

    @Test
    void decodesUtf8AndIsoEncodedWordSubjects() throws Exception {
        assertEquals("Bestätigung Ihrer Bestellung", parse(
                "Subject: =?UTF-8?Q?Best=C3=A4tigung?=\n =?utf-8?b?IElocmVyIEJlc3RlbGx1bmc=?=\n\nx").subject());
        assertEquals("Grüße aus Köln", parse("Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=\n\nx").subject());
        assertEquals("Réponse: ok", parse("Subject: =?iso-8859-1?B?Uulwb25zZQ==?=: ok\n\nx").subject());
    }

    @Test
    void readsRawEightBitHeadersAsUtf8OrElseWindows1252() throws Exception {
        byte[] utf8 = "From: Zoë <zoe@example.org>\r\nSubject: Grüße\r\n\r\nx".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "From: Zoë <zoe@example.org>\r\nSubject: Grüße\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] raw : List.of(utf8, latin1)) {
            ParsedMessage m = parser.parse(raw);
            assertEquals("Grüße", m.subject());
            assertEquals(Optional.of("Zoë"), m.from().flatMap(Address::name));
        }
    }

    @Test
    void aHeaderSectionStartingWithBlankOnlyLinesThenAFoldedLineIsStillMail() throws Exception {
        // Jakarta Mail's InternetHeaders threw IndexOutOfBoundsException on it, and the mailbox stopped at it.
        ParsedMessage m = parser.parse("\t\r\n y\r\nSubject: still mail\r\nFrom: a@example.org\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("still mail", m.subject());
        assertEquals("a@example.org", m.from().orElseThrow().email());
        assertEquals("body", m.text().orElseThrow().strip());
    }

    @Test
    void joinsAUtf8CharacterSplitAcrossTwoEncodedWords() throws Exception {
        // "ü" is C3 BC; a sloppy encoder put C3 in one word and BC in the next.
        assertEquals("Grüße", parse("Subject: =?UTF-8?Q?Gr=C3?= =?UTF-8?Q?=BC=C3=9Fe?=\n\nx").subject());
    }

    @Test
    void decodesMalformedEncodedWords() throws Exception {
        // glued together without blanks, lower-case encodings, blanks inside a Q word, unterminated
        assertEquals("Re: Grüße aus Köln",
                parse("Subject: Re:=?UTF-8?Q?_Gr=C3=BC=C3=9Fe?==?UTF-8?Q?_aus_K=C3=B6ln?=\n\nx").subject());
        assertEquals("Élève déjà",
                parse("Subject: =?utf-8?b?w4lsw6h2ZQ==?= =?Utf-8?q?_d=c3=a9j=c3=a0?=\n\nx").subject());
        assertEquals("hello world", parse("Subject: =?utf-8?q?hello world?=\n\nx").subject());
        assertEquals("a =?utf-8?q?open", parse("Subject: a =?utf-8?q?open\n\nx").subject());
        assertEquals(Optional.of("山田"), parse("From: =?UTF-8?B?5bGx5w==?= =?UTF-8?B?lLA=?= <y@example.jp>\n\nx")
                .from().flatMap(Address::name));
    }

    @Test
    void unknownOrWrongCharsetsFallBackInsteadOfFailing() throws Exception {
        assertEquals("café", parse("Subject: =?x-no-such-charset?Q?caf=C3=A9?=\n\nx").subject());
        assertEquals("café", parse("Subject: =?x-no-such-charset?Q?caf=E9?=\n\nx").subject());
        ParsedMessage body = parser.parse(("Content-Type: text/plain; charset=x-bogus\n\ncaf\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(Optional.of("café"), body.text());
        assertEquals("", parse("From: a@example.org\n\nno subject").subject());
    }

    @Test
    void readsAddressesWithDecodedDisplayNamesNormalisedEmailsAndGroupMembers() throws Exception {
        ParsedMessage m = parser.parse(TestMessages.resource("alternative.eml"));
        assertEquals(Optional.of(new Address("juergen.mueller@example.org", Optional.of("Jürgen Müller"))), m.from());
        assertEquals(List.of(new Address("support@example.com", Optional.of("Support Team")),
                new Address("alice@example.com", Optional.empty()),
                new Address("bob@example.com", Optional.of("Böb"))), m.to());
        assertEquals(List.of(new Address("carol@example.net", Optional.empty())), m.cc());
        assertEquals(List.of(new Address("reply@example.org", Optional.of("Müller, Jürgen"))), m.replyTo());
    }

    @Test
    void malformedAddressListFallsBackToTheAddressesFoundInIt() throws Exception {
        ParsedMessage m = parse("From: Broken <<first@example.org> \"unterminated\n\nx");
        assertEquals(Optional.of("first@example.org"), m.from().map(Address::email));
    }

    @Test
    void readsMessageIdInReplyToAndReferencesWithoutBrackets() throws Exception {
        ParsedMessage m = parser.parse(TestMessages.resource("alternative.eml"));
        assertEquals(Optional.of("CAF+abc123@mail.example.org"), m.messageId());
        assertEquals(Optional.of("ticket-1234.1@helpdesk.example.com"), m.inReplyTo());
        assertEquals(List.of("root@helpdesk.example.com", "ticket-1234.1@helpdesk.example.com"), m.references());
        assertEquals("Re: Bestätigung Ihrer Bestellung [#1234]", m.subject());
        assertEquals(Optional.of(Instant.parse("2026-03-03T08:15:00Z")), m.date());
    }

    @Test
    void multipartAlternativeGivesTextAndHtmlDecodedWithTheirCharsetsAndSkipsAttachments() throws Exception {
        ParsedMessage m = parser.parse(TestMessages.resource("alternative.eml"));
        // ISO-8859-1 is read as windows-1252, what senders mean by it: 0x96 is an en dash.
        assertEquals(Optional.of("Grüße aus Köln – Danke"), m.text());
        assertEquals(Optional.of("<p>Grüße aus Köln — <b>Danke</b></p>"), m.html().map(String::strip));
    }

    @Test
    void collectsAutoReplyBounceAndListHeaders() throws Exception {
        ParsedMessage m = parser.parse(TestMessages.resource("alternative.eml"));
        assertEquals(Optional.of("auto-replied"), m.header("Auto-Submitted"));
        assertEquals(Optional.of("auto-replied"), m.header("auto-submitted"));
        assertEquals(Optional.of("yes"), m.header("X-Autoreply"));
        assertEquals(Optional.of("bulk"), m.header("Precedence"));
        assertEquals(Optional.of("<>"), m.header("Return-Path"));
        assertEquals(Optional.of("Support list <support.example.com>"), m.header("List-Id"));
        assertTrue(m.header("Content-Type").orElseThrow().startsWith("multipart/mixed"));
        assertTrue(m.header("X-Autorespond").isEmpty());
    }

    @Test
    void missingDateAndBareMessageIdAreHandled() throws Exception {
        ParsedMessage m = parser.parse(TestMessages.resource("no-date.eml"));
        assertEquals(Optional.empty(), m.date());
        assertEquals(Optional.of("no-brackets-id@example.org"), m.messageId());
        assertEquals(Optional.of("Plain body without a content type."), m.text().map(String::strip));
        assertEquals(Optional.empty(), m.html());
        assertEquals(List.of(), m.references());
    }

    /** The strict form is read without Jakarta's MailDateFormat; every form must still mean what it meant. */
    @Test
    void datesMeanWhatJakartaMailReadsThemAs() throws Exception {
        for (String date : List.of("Tue, 1 Dec 2026 10:15:30 +0100", "Tue, 01 Dec 2026 10:15:30 -0000",
                "1 Dec 2026 10:15 GMT", "tue, 1 DEC 2026 23:59:59 +1400", "Mon, 1 Dec 2026 10:15:30 +0100",
                "Tue, 1 Dec 2026 10:15:30 +0100 (CET)", "Tue, 1 Dec 26 10:15:30 EST", "Tue, 1 Dec 2026 10:15:30 UT",
                "Tue,  1 Dec 2026\n 10:15:30 +0100", "Tue, 31 Nov 2026 10:15:30 +0000",
                "Tue, 1 Dec 2026 23:59:60 +0000", "Tue, 1 Dec 2026 10:15:30")) {
            Optional<Instant> expected;
            try {
                expected = Optional.of(new jakarta.mail.internet.MailDateFormat().parse(date.replace("\n", ""))
                        .toInstant());
            } catch (java.text.ParseException unreadable) {
                expected = Optional.empty();
            }
            assertEquals(expected, parse("Date: " + date + "\nSubject: x\n\nbody").date(), date);
        }
    }

    @Test
    void unreadableDateIsEmptyRatherThanAFailure() throws Exception {
        assertEquals(Optional.empty(), parse("Date: sometime last week\nSubject: x\n\nbody").date());
    }

    @Test
    void htmlOnlyAndBrokenBase64BodiesAreReadAsFarAsTheyGo() throws Exception {
        ParsedMessage m = parse("Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + "PGI+aMOp bGxvPC9iPg\n"); // "<b>héllo</b>" with a stray space and no padding
        assertEquals(Optional.empty(), m.text());
        assertEquals(Optional.of("<b>héllo</b>"), m.html());
    }

    @Test
    void garbageBytesAreUnparseableSayingWhy() {
        UnparseableMessageException e = assertThrows(UnparseableMessageException.class,
                () -> parser.parse(TestMessages.resource("garbage.bin")));
        assertTrue(e.getMessage().contains("no \"Name: value\" header field"), e.getMessage());
        assertThrows(UnparseableMessageException.class, () -> parser.parse(new byte[0]));
        assertThrows(UnparseableMessageException.class, () -> parse("\nonly a body after an empty line"));
    }

    @Test
    void aMultipartWhoseBoundaryNeverAppearsKeepsItsBodyAsText() throws Exception {
        ParsedMessage m = parser.parse(TestMessages.resource("missing-boundary.eml"));
        assertTrue(m.text().isPresent(), "the body is kept as text");
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("boundary")), m.notes()::toString);
    }
}
