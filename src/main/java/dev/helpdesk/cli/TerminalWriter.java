package dev.helpdesk.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The safety net under every command: whatever reaches stdout or stderr, a field someone forgot to
 * pass through {@link SafeText} or picocli echoing a hostile argument, is escaped by the same rule
 * as {@link SafeText#block}. Fields already escaped contain no control, so they pass unchanged.
 */
final class TerminalWriter extends Writer {
    private final Writer out;

    private TerminalWriter(Writer out) {
        this.out = out;
    }

    /** Autoflush like the writers {@code main} makes, so a line reaches a cron log as soon as it is printed. */
    static PrintWriter wrap(Writer out) {
        return new PrintWriter(new TerminalWriter(out), true);
    }

    // Stateless on purpose: println writes its line separator in one call, so CR LF never straddles two
    // writes; a CR that does end a write is shown as \r, which is harmless.
    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        out.write(SafeText.block(new String(buffer, offset, length)));
    }

    @Override
    public void write(String s, int offset, int length) throws IOException {
        out.write(SafeText.block(s.substring(offset, offset + length)));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
