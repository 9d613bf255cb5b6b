package dev.helpdesk.ingest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The conversation marker {@code [#1234]} that helpdesk puts in the subjects of its replies. */
public final class SubjectMarker {
    private static final Pattern MARKER = Pattern.compile("\\[#(\\d{1,12})]");

    private SubjectMarker() {
    }

    public static Optional<Long> find(String subject) {
        Matcher matcher = MARKER.matcher(subject);
        return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }
}
