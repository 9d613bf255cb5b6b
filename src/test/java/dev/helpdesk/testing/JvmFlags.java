package dev.helpdesk.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM flag as {@code -XX:+PrintFlagsFinal} printed it in a run's output: what the JVM really ended up with, after
 * the launcher's defaults and HELPDESK_JAVA_OPTS. A flag missing from the output fails the test.
 */
public final class JvmFlags {
    private JvmFlags() {
    }

    /** The flag's value ("" for an unset string). */
    public static String value(Command.Result run, String name) {
        return find(run, name).group(1);
    }

    /** Where its value came from: "default", "ergonomic", "command line"... */
    public static String origin(Command.Result run, String name) {
        return find(run, name).group(2);
    }

    private static Matcher find(Command.Result run, String name) {
        // "     bool UseSerialGC        = true        {product} {command line}"; a string may be empty.
        Matcher flag = Pattern.compile("^ *\\S+ +" + Pattern.quote(name) + " +:?= ?(\\S*).*\\{([^}]*)} *$",
                Pattern.MULTILINE).matcher(run.out());
        assertTrue(flag.find(), "no flag " + name + " in " + run);
        return flag;
    }
}
