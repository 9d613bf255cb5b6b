package dev.helpdesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A realistic support mailbox for benchmarks, the same for the same seed: conversations of one to six
 * messages (replies carry In-Reply-To, References and a quoted "Re:"), three in five with an HTML
 * alternative, 8 % with an attachment of 2–60 KB, a third with non-ASCII subjects and names (RFC 2047,
 * UTF-8 and ISO-8859-1, quoted-printable bodies), trace and DKIM headers as mail providers add them, and a
 * few auto-replies. About 7 KB a message on average, as in the 10,000-message, 71 MB mailbox.
 *
 * <pre>java -cp target/test-classes dev.helpdesk.testing.SupportMailbox MAILDIR_NEW COUNT [--plain] [--seed N]
 *     [--mailboxes M]</pre>
 * {@code --plain} writes small one-message conversations instead (about 600 bytes each, every subject its
 * own), to fill a store with many conversations quickly. {@code --mailboxes M} writes M mailboxes in one JVM
 * (a JVM per mailbox made 300 of them take a minute): MAILDIR_NEW names each with {@code {n}} for 1 to M, and
 * mailbox n gets the seed plus n, so no two mailboxes hold the same mail.
 */
public final class SupportMailbox {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);
    private static final String[] FIRST = {"Anna", "Jürgen", "Søren", "Maria", "José", "Chloé", "Ólafur", "Li",
        "Priya", "Tomasz", "Hélène", "Mehmet", "Sarah", "John", "Zoë", "Björn", "Ana", "Kenji", "Dmitri", "Fatima"};
    private static final String[] LAST = {"Müller", "Dubois", "García", "Nowak", "Smith", "Jensen", "Rossi", "Novák",
        "O'Brien", "Kowalski", "Schäfer", "Lindqvist", "Fernández", "Yılmaz", "Brown", "Papadopoulos"};
    private static final String[] TOPICS = {"Invoice %d is wrong", "Cannot log in since the update",
        "Refund for order #%d", "Shipping delayed", "Password reset link expired", "Feature request: export to CSV",
        "Überweisung nicht angekommen", "Problème de facturation %d", "Pedido %d no llegó", "Account locked",
        "Error 500 when uploading", "Wrong item delivered (order %d)", "Cancel my subscription",
        "Rückfrage zu Rechnung %d", "Question about the warranty", "App crashes on start"};
    private static final String[] SENTENCES = {
        "Thank you for getting back to me so quickly.", "I have attached the screenshot you asked for.",
        "Unfortunately the problem is still there after the restart.", "Could you please check my account?",
        "The order number is in the subject line.", "I tried the steps from your help page without success.",
        "Ich habe das Formular zweimal ausgefüllt, aber keine Bestätigung erhalten.",
        "Merci de me répondre dès que possible, c'est assez urgent.", "We are a team of twelve people.",
        "Our finance department needs a corrected invoice before the end of the month.",
        "El paquete todavía no ha llegado y el seguimiento no muestra nada nuevo.",
        "Please let me know if you need anything else from me.", "This worked fine until last Tuesday.",
        "The error message says that the session has expired.", "I am using the latest version on Windows 11."};
    private static final String[] ATTACHMENTS = {"application/pdf|invoice.pdf", "image/png|screenshot.png",
        "image/jpeg|photo.jpg", "application/vnd.openxmlformats-officedocument.wordprocessingml.document|letter.docx"};

    private final Random random;
    private final ZonedDateTime start = ZonedDateTime.of(2026, 11, 2, 8, 0, 0, 0, ZoneOffset.UTC);

    private SupportMailbox(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SupportMailbox MAILDIR_NEW COUNT [--plain] [--seed N] [--mailboxes M]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        boolean plain = false;
        long seed = 42;
        int mailboxes = 0;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--plain")) {
                plain = true;
            } else if (args[i].equals("--seed")) {
                seed = Long.parseLong(args[++i]);
            } else if (args[i].equals("--mailboxes")) {
                mailboxes = Integer.parseInt(args[++i]);
            }
        }
        if (mailboxes == 0) {
            Files.createDirectories(dir);
            long bytes = new SupportMailbox(seed).write(dir, count, plain);
            System.out.println(count + " messages, " + bytes / 1024 + " KB");
            return;
        }
        if (!args[0].contains("{n}")) {
            System.err.println("with --mailboxes, MAILDIR_NEW must contain {n}: " + args[0]);
            System.exit(2);
        }
        long bytes = 0;
        for (int n = 1; n <= mailboxes; n++) {
            Path each = Path.of(args[0].replace("{n}", Integer.toString(n)));
            Files.createDirectories(each);
            bytes += new SupportMailbox(seed + n).write(each, count, plain);
        }
        System.out.println(mailboxes + " mailboxes of " + count + " messages, " + bytes / 1024 + " KB");
    }

    /** {@code count} realistic messages (not --plain), the same for the same seed, for a test to seed itself. */
    public static List<byte[]> messages(long seed, int count) {
        SupportMailbox mailbox = new SupportMailbox(seed);
        List<Conversation> open = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            messages.add(mailbox.realistic(i, open));
        }
        return messages;
    }

    /** Writes {@code count} messages as Maildir files into {@code dir}; returns their total size. */
    public long write(Path dir, int count, boolean plain) {
        long total = 0;
        List<Conversation> open = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            byte[] message = plain ? plain(i) : realistic(i, open);
            try {
                Files.write(dir.resolve(String.format(Locale.ROOT, "%07d.bench:2,", i)), message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            total += message.length;
        }
        return total;
    }

    /** Message {@code i}: a new conversation, or the next reply in one of those still open. */
    private byte[] realistic(int i, List<Conversation> open) {
        Conversation thread = open.isEmpty() || random.nextInt(100) < 45 ? null : open.get(random.nextInt(open.size()));
        if (thread == null) {
            thread = new Conversation(i, random.nextInt(2, 7));
            open.add(thread);
        }
        byte[] message = message(i, thread);
        thread.messages.add("<" + i + ".support@bench.example.org>");
        if (thread.messages.size() >= thread.length) {
            open.remove(thread);
        }
        if (open.size() > 400) {
            open.remove(0);
        }
        return message;
    }

    private static byte[] plain(int i) {
        return ("From: Customer " + i + " <customer" + i + "@example.org>\r\nTo: support@example.com\r\n"
                + "Subject: Question number " + i + "\r\nDate: Mon, 2 Nov 2026 08:00:00 +0000\r\n"
                + "Message-ID: <" + i + ".plain@bench.example.org>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "Hello, this is question " + i + ". Could you please help me with my account?\r\n"
                + "It has not worked since yesterday and I tried the steps on your help page.\r\n\r\nThanks\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private final class Conversation {
        final int first;
        final int length;
        final String topic;
        final String customer;
        final String address;
        final List<String> messages = new ArrayList<>();

        Conversation(int first, int length) {
            this.first = first;
            this.length = length;
            String pattern = TOPICS[random.nextInt(TOPICS.length)];
            this.topic = pattern.contains("%d") ? String.format(Locale.ROOT, pattern, 10_000 + first) : pattern;
            String firstName = FIRST[random.nextInt(FIRST.length)];
            String lastName = LAST[random.nextInt(LAST.length)];
            this.customer = firstName + " " + lastName;
            this.address = ascii(firstName).toLowerCase(Locale.ROOT) + "." + first + "@customer.example.net";
        }
    }

    private byte[] message(int i, Conversation thread) {
        boolean reply = !thread.messages.isEmpty();
        boolean fromStaff = reply && random.nextBoolean();
        boolean autoReply = !reply && random.nextInt(100) < 3;
        String subject = (reply ? "Re: " : autoReply ? "Automatic reply: " : "") + thread.topic;
        ZonedDateTime date = start.plusMinutes(i * 7L + random.nextInt(5));
        StringBuilder head = new StringBuilder();
        for (int hop = random.nextInt(2, 5); hop > 0; hop--) {
            head.append("Received: from mx").append(hop).append(".relay.example.net (mx").append(hop)
                    .append(".relay.example.net [192.0.2.").append(random.nextInt(1, 255)).append("])\r\n")
                    .append("\tby mail.example.com (Postfix) with ESMTPS id ").append(hex(10)).append("\r\n")
                    .append("\tfor <support@example.com>; ").append(DATE.format(date)).append("\r\n");
        }
        head.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=customer.example.net; s=s1;\r\n")
                .append("\th=from:to:subject:date:message-id:mime-version;\r\n\tbh=").append(b64(32))
                .append(";\r\n\tb=").append(fold(b64(256))).append("\r\n");
        String from = fromStaff ? encodeWord("Support Team") + " <support@example.com>"
                : encodeWord(thread.customer) + " <" + thread.address + ">";
        head.append("From: ").append(from).append("\r\n")
                .append("To: ").append(fromStaff ? thread.address : "support@example.com").append("\r\n")
                .append("Subject: ").append(encodeWord(subject)).append("\r\n")
                .append("Date: ").append(DATE.format(date)).append("\r\n")
                .append("Message-ID: <").append(i).append(".support@bench.example.org>\r\n");
        if (reply) {
            head.append("In-Reply-To: ").append(thread.messages.get(thread.messages.size() - 1)).append("\r\n")
                    .append("References: ").append(String.join("\r\n ", thread.messages)).append("\r\n");
        }
        if (autoReply) {
            head.append("Auto-Submitted: auto-replied\r\n");
        }
        head.append("MIME-Version: 1.0\r\n");

        List<String> paragraphs = new ArrayList<>();
        for (int p = random.nextInt(2, 6); p > 0; p--) {
            StringBuilder paragraph = new StringBuilder();
            for (int s = random.nextInt(2, 6); s > 0; s--) {
                paragraph.append(SENTENCES[random.nextInt(SENTENCES.length)]).append(' ');
            }
            paragraphs.add(paragraph.toString().trim());
        }
        String greeting = "Hello,";
        String signature = fromStaff ? "Best regards,\nThe Support Team" : "Kind regards,\n" + thread.customer;
        String text = greeting + "\n\n" + String.join("\n\n", paragraphs) + "\n\n" + signature + "\n"
                + (reply ? "\nOn " + DATE.format(date.minusHours(3)) + " someone wrote:\n" + quote(paragraphs) : "");
        boolean latin1 = random.nextInt(100) < 15;
        String textPart = textPart(text, latin1);
        String body;
        String contentType;
        int shape = random.nextInt(100);
        if (shape < 60) {
            String boundary = "alt-" + hex(16);
            body = "--" + boundary + "\r\n" + textPart + "\r\n--" + boundary + "\r\n" + htmlPart(paragraphs, greeting,
                    signature) + "\r\n--" + boundary + "--\r\n";
            contentType = "multipart/alternative; boundary=\"" + boundary + "\"";
        } else {
            int split = textPart.indexOf("\r\n\r\n");
            head.append(textPart, 0, split + 2);
            body = textPart.substring(split + 4);
            contentType = null;
        }
        if (random.nextInt(100) < 8) {
            String mixed = "mixed-" + hex(16);
            String[] kind = ATTACHMENTS[random.nextInt(ATTACHMENTS.length)].split("\\|");
            byte[] data = new byte[random.nextInt(2_048, 61_440)];
            random.nextBytes(data);
            String inner = contentType == null ? textPart : "Content-Type: " + contentType + "\r\n\r\n" + body;
            body = "This is a multi-part message in MIME format.\r\n--" + mixed + "\r\n" + inner + "\r\n--" + mixed
                    + "\r\nContent-Type: " + kind[0] + "; name=\"" + kind[1] + "\"\r\nContent-Disposition: attachment;"
                    + " filename=\"" + kind[1] + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    + Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(data) + "\r\n--" + mixed
                    + "--\r\n";
            contentType = "multipart/mixed; boundary=\"" + mixed + "\"";
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        return (head + "\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A text/plain part, headers included: UTF-8 or ISO-8859-1, quoted-printable when not ASCII. */
    private static String textPart(String text, boolean latin1) {
        String charset = latin1 ? "ISO-8859-1" : "UTF-8";
        byte[] bytes = text.replace("\n", "\r\n").getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        boolean ascii = isAscii(bytes);
        return "Content-Type: text/plain; charset=" + charset + "\r\nContent-Transfer-Encoding: "
                + (ascii ? "7bit" : "quoted-printable") + "\r\n\r\n"
                + (ascii ? new String(bytes, StandardCharsets.ISO_8859_1) : quotedPrintable(bytes));
    }

    private String htmlPart(List<String> paragraphs, String greeting, String signature) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>"
                + "body{font-family:Arial,sans-serif;font-size:14px}p{margin:0 0 12px}.sig{color:#666}</style></head>"
                + "<body><div class=\"WordSection1\"><p>" + greeting + "</p>");
        for (String paragraph : paragraphs) {
            html.append("<p style=\"margin:0 0 12px\"><span lang=\"EN-US\">").append(paragraph.replace("&", "&amp;")
                    .replace("<", "&lt;")).append("</span></p>\n");
        }
        html.append("<table class=\"sig\" cellpadding=\"0\" cellspacing=\"0\"><tr><td><b>")
                .append(signature.replace("\n", "</b><br><span>")).append("</span></td></tr></table>")
                .append("<img src=\"cid:logo-").append(hex(8)).append("\" width=\"120\" alt=\"Logo\"></div></body></html>");
        return "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + quotedPrintable(html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(List<String> paragraphs) {
        StringBuilder quoted = new StringBuilder();
        for (String paragraph : paragraphs) {
            quoted.append("> ").append(paragraph).append("\n>\n");
        }
        return quoted.toString();
    }

    private static String quotedPrintable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                out.append("\r\n");
                i++;
                column = 0;
                continue;
            }
            String piece = b >= 33 && b <= 126 && b != '=' || b == ' ' ? String.valueOf((char) b)
                    : String.format(Locale.ROOT, "=%02X", b);
            if (column + piece.length() > 75) {
                out.append("=\r\n");
                column = 0;
            }
            out.append(piece);
            column += piece.length();
        }
        return out.toString();
    }

    private String encodeWord(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (isAscii(utf8)) {
            return text;
        }
        return random.nextBoolean() ? "=?UTF-8?B?" + Base64.getEncoder().encodeToString(utf8) + "?="
                : "=?UTF-8?Q?" + quotedPrintable(utf8).replace("=\r\n", "").replace(" ", "_").replace("?", "=3F") + "?=";
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "");
    }

    private String hex(int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString().toUpperCase(Locale.ROOT);
    }

    private String b64(int bytes) {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        return Base64.getEncoder().encodeToString(data);
    }

    private static String fold(String value) {
        StringBuilder folded = new StringBuilder();
        for (int i = 0; i < value.length(); i += 70) {
            folded.append(i == 0 ? "" : "\r\n\t").append(value, i, Math.min(value.length(), i + 70));
        }
        return folded.toString();
    }
}
