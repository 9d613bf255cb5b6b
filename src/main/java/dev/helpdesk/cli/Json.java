package dev.helpdesk.cli;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes the documented {@code --json} shapes: pretty, keys in the order the command built them,
 * and every character {@link SafeText} would escape written as a JSON escape, so the text holds no
 * raw control, passes the {@link TerminalWriter} unchanged and parses back to the exact string.
 */
final class Json {
    private final ObjectMapper mapper = new ObjectMapper(new JsonFactoryBuilder()
            .characterEscapes(new TerminalSafeEscapes()).build()).enable(SerializationFeature.INDENT_OUTPUT);
    /** For elements of a streamed array: written into its generator, flushed only at the end. */
    private final ObjectWriter elements = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    /**
     * A JSON array written to {@code out} element by element, in the same shape {@link #write} gives a list,
     * so a list of any length never has to be held. {@link ArrayWriter#end()} ends it; closing it without that
     * (a failure half-way) leaves it unterminated, so no program takes a cut list for a whole one.
     */
    ArrayWriter array(Writer out) {
        try {
            JsonGenerator generator = mapper.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            generator.useDefaultPrettyPrinter();
            generator.writeStartArray();
            return new ArrayWriter(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write JSON output: " + e.getMessage(), e);
        }
    }

    /** See {@link #array}. */
    final class ArrayWriter implements AutoCloseable {
        private final JsonGenerator generator;

        private ArrayWriter(JsonGenerator generator) {
            this.generator = generator;
        }

        void add(Object element) {
            try {
                elements.writeValue(generator, element);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write JSON output: " + e.getMessage(), e);
            }
        }

        void end() {
            try {
                generator.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write JSON output: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                generator.close(); // flushes; the output itself stays open
            } catch (IOException e) {
                throw new UncheckedIOException("could not write JSON output: " + e.getMessage(), e);
            }
        }
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not render JSON output: " + e.getOriginalMessage(), e);
        }
    }

    /** Jackson already escapes C0; this adds DEL, C1 and the bidi controls, as <code>&#92;uXXXX</code>. */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            for (int c = 0; c < ascii.length; c++) {
                if (SafeText.unsafe(c) && ascii[c] == ESCAPE_NONE) {
                    ascii[c] = ESCAPE_STANDARD;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return SafeText.unsafe(c) ? new SerializedString(String.format("\\u%04X", c)) : null;
        }
    }
}
