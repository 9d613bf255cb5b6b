package dev.helpdesk.mail;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64DecoderTest {
    private static final Random RANDOM = new Random(20261205);
    /** Mostly the alphabet, with the bytes the decoder treats specially now and then. */
    private static final byte[] ALPHABET = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n\r\n \t*\u00e9").getBytes(ISO_8859_1);

    private record Decoded(byte[] bytes, Optional<String> complaint) {}

    /** Fed a byte at a time: the decoder's state machine alone, no quantum taken whole. */
    private static Decoded byteByByte(byte[] encoded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64Decoder decoder = new Base64Decoder(out, encoded.length);
        for (byte b : encoded) {
            decoder.feed(b & 0xFF);
        }
        return finish(decoder, out);
    }

    /** Fed in blocks of random sizes, as a part's content arrives. */
    private static Decoded inBlocks(byte[] encoded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64Decoder decoder = new Base64Decoder(out, encoded.length);
        int at = 0;
        while (at < encoded.length) {
            int length = Math.min(encoded.length - at, 1 + RANDOM.nextInt(RANDOM.nextBoolean() ? 7 : 20_000));
            decoder.feed(encoded, at, length);
            at += length;
        }
        return finish(decoder, out);
    }

    private static Decoded finish(Base64Decoder decoder, ByteArrayOutputStream out) throws IOException {
        decoder.end();
        decoder.flush();
        return new Decoded(out.toByteArray(), decoder.complaint());
    }

    @Test
    void blocksDecodeExactlyAsTheByteAtATimeStateMachine() throws IOException {
        for (int round = 0; round < 20_000; round++) {
            byte[] encoded = new byte[RANDOM.nextInt(RANDOM.nextInt(10) == 0 ? 30_000 : 200)];
            boolean clean = RANDOM.nextBoolean(); // long runs of the alphabet only, as real parts are
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = ALPHABET[RANDOM.nextInt(clean && i % 77 != 76 ? 64 : ALPHABET.length)];
            }
            Decoded expected = byteByByte(encoded);
            Decoded actual = inBlocks(encoded);
            String shown = new String(encoded, ISO_8859_1);
            assertArrayEquals(expected.bytes(), actual.bytes(), shown);
            assertEquals(expected.complaint(), actual.complaint(), shown);
        }
    }

    @Test
    void whatTheJdkEncodesForMimeDecodesToTheOriginalBytes() throws IOException {
        for (int round = 0; round < 2_000; round++) {
            byte[] original = new byte[RANDOM.nextInt(RANDOM.nextBoolean() ? 10 : 50_000)];
            RANDOM.nextBytes(original);
            byte[] encoded = Base64.getMimeEncoder().encode(original);
            Decoded decoded = inBlocks(encoded);
            assertArrayEquals(original, decoded.bytes());
            assertEquals(Optional.empty(), decoded.complaint());
        }
    }
}
