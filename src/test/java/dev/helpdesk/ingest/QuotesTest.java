package dev.helpdesk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
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

    /** The reading before lines were found in place: the text split into lines, each stripped and tried. */
    private static String splitFirst(String text) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            boolean outlookBlock = line.matches("(?i)^(From|Von|De):\\s.+") && i + 1 < lines.size()
                    && lines.get(i + 1).strip().matches("(?i)^(Sent|Gesendet|Envoyé|Date):\\s.+");
            if (line.startsWith(">") || line.matches("(?i)^(On|Am|Le|El|Il|Op|Den|På)\\s.{0,200}"
                    + "(wrote|a écrit|escribió|ha scritto|(schrieb|schreef|skrev)(\\s[^:]{0,200})?)\\s*+:\\s*+$")
                    || line.matches("(?i)^-{2,}+\\s*+(Original Message|Ursprüngliche Nachricht|Message d'origine"
                    + "|Forwarded message)\\s*+-{2,}+\\s*+$") || outlookBlock) {
                String before = String.join("\n", lines.subList(0, i)).strip();
                return before.isEmpty() ? text.strip() : before;
            }
        }
        return text.strip();
    }

    @Test
    void anyTextReadsAsWhenItWasSplitIntoLinesFirst() {
        List<String> pieces = List.of("Thanks!", "  ", "", "> quoted", " >> deep", "On Mon, Alice wrote:",
                "ON MON ALICE WROTE :", "Online now", "-----Original Message-----", "- item", "From: Support",
                "Sent: Monday", "Date: today", "Von: x", "Gesendet: y", "De: z", "På mån skrev Alice:",
                "Denmark wrote: x", "\u00a0\u2003indented", "\tOn Tue, Bob wrote:\t", "Amsterdam", "de", "l\u00e9");
        List<String> breaks = List.of("\n", "\r\n", "\r", "\n\n", " \n");
        Random random = new Random(20261204);
        for (int round = 0; round < 30_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int line = random.nextInt(8); line >= 0; line--) {
                text.append(pieces.get(random.nextInt(pieces.size())));
                if (line > 0 || random.nextBoolean()) {
                    text.append(breaks.get(random.nextInt(breaks.size())));
                }
            }
            assertEquals(splitFirst(text.toString()), Quotes.newText(text.toString()), text.toString());
        }
    }
}
