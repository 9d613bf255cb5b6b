package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;

/** Feeds a transfer decoder the same bytes two ways: its bulk loop against its byte-at-a-time state machine. */
final class DecoderFeeds {
    /** What a decoder wrote, and its complaint. */
    record Decoded(byte[] bytes, Optional<String> complaint) {}

    private final BiFunction<OutputStream, Long, ByteDecoder> decoder;
    private final Random random;

    /** {@code decoder} makes one writing to the stream, sized for that many encoded bytes. */
    DecoderFeeds(BiFunction<OutputStream, Long, ByteDecoder> decoder, Random random) {
        this.decoder = decoder;
        this.random = random;
    }

    /** The bytes fed in random blocks decode exactly as fed a byte at a time, complaint included. */
    void assertBlocksDecodeAsBytesDo(byte[] encoded) throws IOException {
        Decoded expected = byteByByte(encoded);
        Decoded actual = inBlocks(encoded);
        String shown = new String(encoded, StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected.bytes(), actual.bytes(), shown);
        assertEquals(expected.complaint(), actual.complaint(), shown);
    }

    /** Fed a byte at a time: the decoder's state machine alone, nothing taken in bulk. */
    private Decoded byteByByte(byte[] encoded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteDecoder d = decoder.apply(out, (long) encoded.length);
        for (byte b : encoded) {
            d.feed(b & 0xFF);
        }
        return finish(d, out);
    }

    /** Fed in blocks of random sizes, as a part's content arrives. */
    Decoded inBlocks(byte[] encoded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteDecoder d = decoder.apply(out, (long) encoded.length);
        int at = 0;
        while (at < encoded.length) {
            int length = Math.min(encoded.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 20_000));
            d.feed(encoded, at, length);
            at += length;
        }
        return finish(d, out);
    }

    private static Decoded finish(ByteDecoder d, ByteArrayOutputStream out) throws IOException {
        d.end();
        d.flush();
        return new Decoded(out.toByteArray(), d.complaint());
    }
}
