package dev.helpdesk.cli;

import dev.helpdesk.config.ConfigException;
import dev.helpdesk.lock.LockException;
import dev.helpdesk.store.SchemaTooNewException;
import dev.helpdesk.store.StoreException;
import picocli.CommandLine;

/** The one place that knows exit numbers (sysexits style, as DESIGN.md lists them). */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;
    static final int INTERNAL = 1;
    /** Picocli's own default for usage errors is also 2; we keep it so scripts can tell typos from failures. */
    static final int USAGE = 2;
    static final int QUARANTINED = 65;
    static final int UNREACHABLE = 69;
    static final int BUSY = 75;
    static final int LOGIN_REQUIRED = 77;
    static final int CONFIG = 78;

    @Override
    public int getExitCode(Throwable failure) {
        if (failure instanceof CommandLine.ParameterException || failure instanceof UsageException) {
            return USAGE;
        }
        if (failure instanceof ConfigException || failure instanceof SchemaTooNewException) {
            return CONFIG;
        }
        if (failure instanceof LockException lock) {
            return lock.reason() == LockException.Reason.HELD ? BUSY : USAGE;
        }
        return INTERNAL;
    }

    /** True for failures whose message is a complete sentence for the user, not a bug report. */
    static boolean expected(Throwable failure) {
        return failure instanceof ConfigException || failure instanceof SchemaTooNewException
                || failure instanceof LockException || failure instanceof UsageException
                || failure instanceof StoreException || failure instanceof java.io.UncheckedIOException;
    }
}
