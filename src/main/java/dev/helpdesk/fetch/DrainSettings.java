package dev.helpdesk.fetch;

import dev.helpdesk.config.Limits;
import java.nio.file.Path;
import java.util.Objects;

/** How a drain runs: the per-run limits, where large mail is spooled, and the chunk bounds. */
public record DrainSettings(Limits limits, Path spoolDir, Tuning tuning) {
    /** A body the server refuses in this many runs is set aside as unfetchable, so it no longer holds the folder back. */
    public static final int REFUSALS_BEFORE_SET_ASIDE = 3;

    public DrainSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(tuning, "tuning");
    }
}
