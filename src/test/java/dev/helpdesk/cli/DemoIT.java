package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.Command;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/demo shows a newcomer the product: two fetches, the conversations, and one whole thread. */
class DemoIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void fetchesTwiceThenListsAndShowsTheLongestThread() {
        Command.Result demo = Command.of("bash", ROOT.resolve("scripts/demo").toString()).inheritEnv()
                .env("TMPDIR", dir.toString()).run(dir);
        assertEquals(0, demo.code(), demo.toString());
        String out = demo.out();
        assertTrue(out.contains("support: 9 new, 0 duplicates") && out.contains("support: 0 new, 0 duplicates"), out);

        Matcher shown = Pattern.compile("\\$ helpdesk conversations show (\\d+)").matcher(out);
        assertTrue(shown.find(), out);
        String number = shown.group(1);
        assertTrue(out.contains("#" + number + "  open  support  Zahlung fehlgeschlagen – Rechnung Nr. 4711 (Überweisung)\n"
                + "      Jürgen Müller <juergen@example.de>, 4 messages"), "the number came from the list: " + out);

        String thread = out.substring(shown.end());
        assertTrue(thread.contains("#" + number + "  Zahlung fehlgeschlagen – Rechnung Nr. 4711 (Überweisung)"), thread);
        assertTrue(thread.contains("[from us]"), thread);
        assertTrue(thread.contains("Subject: Automatische Antwort: Re: Zahlung fehlgeschlagen") && thread.contains("[auto-reply]"),
                thread);
        assertTrue(thread.contains("[attachment] Kontoauszug-Rücküberweisung.pdf (application/pdf"), thread);
    }
}
