package dev.helpdesk.mail;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuotedPrintableDecoderTest {
    private static final Random RANDOM = new Random(20261202);
    /** Weighted toward the bytes the decoder treats specially. */
    private static final byte[] ALPHABET = " \t\t\r\n\n==3DaZ0fF.\u00e9\u00ff".getBytes(ISO_8859_1);

    private static final DecoderFeeds FEEDS = new DecoderFeeds(QuotedPrintableDecoder::new, RANDOM);

    private static byte[] randomText() {
        byte[] text = new byte[RANDOM.nextInt(RANDOM.nextInt(10) == 0 ? 12_000 : 300)];
        for (int i = 0; i < text.length; i++) {
            text[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        if (text.length > 0 && RANDOM.nextInt(4) == 0) { // a long run of blanks: past the pending limit, sometimes
            int from = RANDOM.nextInt(text.length);
            for (int i = from, end = Math.min(text.length, from + RANDOM.nextInt(6_000)); i < end; i++) {
                text[i] = (byte) (RANDOM.nextInt(5) == 0 ? '\t' : ' ');
            }
        }
        return text;
    }

    @Test
    void blocksDecodeExactlyAsTheByteAtATimeStateMachine() throws IOException {
        for (int round = 0; round < 20_000; round++) {
            byte[] encoded = randomText();
            FEEDS.assertBlocksDecodeAsBytesDo(encoded);
        }
    }

    @Test
    void whatJakartaMailEncodesDecodesToTheOriginalLines() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            ByteArrayOutputStream original = new ByteArrayOutputStream();
            for (int line = RANDOM.nextInt(20); line >= 0; line--) {
                for (int i = RANDOM.nextInt(RANDOM.nextBoolean() ? 10 : 200); i > 0; i--) {
                    int b = RANDOM.nextBoolean() ? " \t=aZ.".charAt(RANDOM.nextInt(6)) : RANDOM.nextInt(256);
                    original.write(b == '\r' || b == '\n' ? 'x' : b);
                }
                original.write(line > 0 ? "\r\n".getBytes(ISO_8859_1) : new byte[0]);
            }
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            try (OutputStream encoder = MimeUtility.encode(encoded, "quoted-printable")) {
                encoder.write(original.toByteArray());
            }
            DecoderFeeds.Decoded decoded = FEEDS.inBlocks(encoded.toByteArray());
            assertArrayEquals(original.toByteArray(), decoded.bytes(), encoded.toString(ISO_8859_1));
            assertEquals(Optional.empty(), decoded.complaint());
        }
    }

    @Test
    void paddingSoftBreaksAndBadEscapesAreReadAsBefore() throws IOException {
        String encoded = "caf=C3=A9 au lait  \r\nsoft=\r\nbreak =  \r\nend=ZZ and =4 \t\r\nlast=";
        DecoderFeeds.Decoded decoded = FEEDS.inBlocks(encoded.getBytes(ISO_8859_1));
        assertEquals("caf\u00c3\u00a9 au lait\r\nsoftbreak end=ZZ and =4\r\nlast",
                new String(decoded.bytes(), ISO_8859_1));
        assertEquals(Optional.of("broken quoted-printable escapes kept as written"), decoded.complaint());
    }
}
