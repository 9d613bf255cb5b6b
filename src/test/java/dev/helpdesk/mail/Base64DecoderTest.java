package dev.helpdesk.mail;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64DecoderTest {
    private static final Random RANDOM = new Random(20261205);
    /** Mostly the alphabet, with the bytes the decoder treats specially now and then. */
    private static final byte[] ALPHABET = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n\r\n \t*\u00e9")
            .getBytes(ISO_8859_1);

    private static final DecoderFeeds FEEDS = new DecoderFeeds(Base64Decoder::new, RANDOM);

    @Test
    void blocksDecodeExactlyAsTheByteAtATimeStateMachine() throws IOException {
        for (int round = 0; round < 20_000; round++) {
            byte[] encoded = new byte[RANDOM.nextInt(RANDOM.nextInt(10) == 0 ? 30_000 : 200)];
            boolean clean = RANDOM.nextBoolean(); // long runs of the alphabet only, as real parts are
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = ALPHABET[RANDOM.nextInt(clean && i % 77 != 76 ? 64 : ALPHABET.length)];
            }
            FEEDS.assertBlocksDecodeAsBytesDo(encoded);
        }
    }

    @Test
    void whatTheJdkEncodesForMimeDecodesToTheOriginalBytes() throws IOException {
        for (int round = 0; round < 2_000; round++) {
            byte[] original = new byte[RANDOM.nextInt(RANDOM.nextBoolean() ? 10 : 50_000)];
            RANDOM.nextBytes(original);
            byte[] encoded = Base64.getMimeEncoder().encode(original);
            DecoderFeeds.Decoded decoded = FEEDS.inBlocks(encoded);
            assertArrayEquals(original, decoded.bytes());
            assertEquals(Optional.empty(), decoded.complaint());
        }
    }
}
