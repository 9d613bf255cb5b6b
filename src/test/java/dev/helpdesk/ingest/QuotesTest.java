package dev.helpdesk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of marker ends the new text, in any letter case and after indentation; look-alikes do not. */
class QuotesTest {
    private static final String NEW = "Thanks, that fixed it.";

    @Test
    void eachMarkerEndsTheNewText() {
        for (String history : List.of(
                "> the printer is on fire",
                "On Mon, 2 Mar 2026 at 10:00, Alice <alice@example.org> wrote:\n> Hello",
                "ON MON, 2 MAR 2026, ALICE WROTE:",
                "Am 02.03.2026 um 10:00 schrieb Alice <alice@example.org>:",
                "Le lun. 2 mars 2026 à 10:00, Alice a écrit :",
                "El lun, 2 mar 2026 a las 10:00, Alice escribió:",
                "Il giorno lun 2 mar 2026, Alice ha scritto:",
                "Op ma 2 mrt 2026 om 10:00 schreef Alice:",
                "Den 2 mars 2026 skrev Alice:",
                "På mån 2 mars 2026 skrev Alice:",
                "-----Original Message-----\nFrom: Support",
                "  ----- Ursprüngliche Nachricht -----",
                "---------- Forwarded message ---------",
                "From: Support <support@example.com>\nSent: Monday, March 2, 2026 10:00 AM",
                "Von: Support <support@example.com>\nGesendet: Montag, 2. März 2026 10:00",
                "De: Support\nDate: lundi 2 mars 2026 10:00")) {
            assertEquals(NEW, Quotes.newText(NEW + "\n\n" + history + "\nold text\n"), history);
        }
    }

    @Test
    void lookAlikesAreNewText() {
        for (String line : List.of("Online now, on the second floor.", "On Monday we wrote back.",
                "From: me, with thanks", "Denmark wrote: nothing", "- a list item", "Amsterdam wrote:x",
                "Order number: 1234")) {
            String text = NEW + "\n" + line + "\nmore";
            assertEquals(text, Quotes.newText(text), line);
        }
    }

    @Test
    void textThatStartsWithAMarkerIsKeptWhole() {
        assertEquals("> quoted only", Quotes.newText("> quoted only\n"));
    }
}
