package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Content-Type and Content-Disposition parameters as senders write them, RFC 2231 included. */
class MimeParamsTest {

    private static Optional<String> param(String value, String name) {
        return MimeParams.parse(value, new DecodeNotes()).get(name);
    }

    @Test
    void readsQuotedUnquotedAndSloppyParameters() {
        assertEquals(Optional.of("utf-8"), param("text/plain; charset=utf-8", "charset"));
        assertEquals(Optional.of("a;b\"c"), param("attachment; filename=\"a;b\\\"c\"", "FILENAME"));
        assertEquals(Optional.of("x y.pdf"), param("attachment ; filename = \"x y.pdf\" ; size=3", "filename"));
        assertEquals(Optional.of("unterminated"), param("attachment; filename=\"unterminated", "filename"));
        assertEquals(Optional.of("1"), param("text/plain; stray; ;; a=1", "a"));
        assertEquals(Optional.empty(), param("text/plain", "charset"));
        assertEquals(Optional.empty(), param(null, "charset"));
    }

    @Test
    void joinsRfc2231ContinuationsAcrossASplitMultiByteCharacter() {
        assertEquals(Optional.of("Grüße €.txt"), param("attachment; filename*2=\".txt\"; filename*0*=UTF-8'de'Gr%C3;"
                + " filename*1*=%BC%C3%9Fe%20%E2%82%AC", "filename"));
        assertEquals(Optional.of("Änderung"), param("attachment; filename*=iso-8859-1''%C4nderung", "filename"));
        assertEquals(Optional.of("extended wins"), param("attachment; filename=plain; filename*=''extended%20wins",
                "filename"));
    }

    @Test
    void notesAnUnknownRfc2231Charset() {
        DecodeNotes notes = new DecodeNotes();
        assertEquals(Optional.of("café"), MimeParams.parse("attachment; filename*=x-nope''caf%E9", notes.in("name"))
                .get("filename"));
        assertEquals(List.of("name: charset \"x-nope\" unknown; read as windows-1252"), notes.list());
    }

    @Test
    void staysLinearOnHostileValues() {
        String stray = "a;".repeat(200_000);
        assertEquals(Optional.of("1"), param("text/plain; " + stray + "z=1", "z"));
    }
}
