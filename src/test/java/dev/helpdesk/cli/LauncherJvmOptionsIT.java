package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.Command;
import dev.helpdesk.testing.JvmFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM options the launcher adds for a short run, and how HELPDESK_JAVA_OPTS goes over them: transparent huge
 * pages exactly where the kernel offers them (elsewhere the JVM would print a warning on stdout, mixed into a
 * command's output), and one compiler thread unless another compiler is chosen (the JVM refuses one thread for two).
 */
class LauncherJvmOptionsIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path KERNEL_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "always madvise [never]|",
        "always [madvise] never|-XX:+UseTransparentHugePages",
        "[always] madvise never|-XX:+UseTransparentHugePages",
        "[never]|",
        "|"})
    void hugePagesFollowTheKernelSetting(String setting, String option) throws Exception {
        Path file = Files.writeString(dir.resolve("enabled"), setting == null ? "" : setting + "\n");
        assertEquals(option == null ? "" : option, hugePagesOptionFor(file));
    }

    @Test
    void noKernelSettingToReadMeansNoHugePages() {
        assertEquals("", hugePagesOptionFor(dir.resolve("missing")));
    }

    @Test
    void theJvmGetsHugePagesWhereTheKernelOffersThemAndOneCompilerThread() throws Exception {
        boolean offered = Files.isReadable(KERNEL_SETTING)
                && !Files.readString(KERNEL_SETTING).contains("[never]");
        Command.Result run = version("-XX:+PrintFlagsFinal");
        assertEquals(String.valueOf(offered), JvmFlags.value(run, "UseTransparentHugePages"), run.toString());
        assertTrue(run.out().lines().noneMatch(line -> line.contains("[warning]")), run.toString());
        assertEquals("1", JvmFlags.value(run, "CICompilerCount"), run.toString());
        assertEquals("1", JvmFlags.value(run, "TieredStopAtLevel"), run.toString());

        Command.Result off = version("-XX:-UseTransparentHugePages -XX:+PrintFlagsFinal");
        assertEquals("false", JvmFlags.value(off, "UseTransparentHugePages"),
                "the last word wins: HELPDESK_JAVA_OPTS turns it off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:TieredStopAtLevel=4", "-XX:-TieredCompilation", "-XX:CompilationMode=high-only"})
    void anotherCompilerGetsTheJvmsOwnNumberOfThreads(String compiler) {
        Command.Result run = version(compiler + " -XX:+PrintFlagsFinal");
        assertEquals(0, run.code(), "the JVM refuses one compiler thread for C1 and C2 together: " + run);
        assertEquals("ergonomic", JvmFlags.origin(run, "CICompilerCount"), "the JVM's own number: " + run);
    }

    @Test
    void aThreadCountNamedThereWins() {
        Command.Result run = version("-XX:CICompilerCount=3 -XX:+PrintFlagsFinal");
        assertEquals("3", JvmFlags.value(run, "CICompilerCount"), run.toString());
    }

    private Command.Result version(String javaOpts) {
        Command.Result run = Command.of("bash", ROOT.resolve("scripts/helpdesk").toString(), "--version")
                .inheritEnv().env("HELPDESK_CDS", "off").env("HELPDESK_JAVA_OPTS", javaOpts).run(dir);
        assertEquals(0, run.code(), run.toString());
        return run;
    }

    private String hugePagesOptionFor(Path setting) {
        Command.Result run = Command.of("sh", "-c", ". \"$1\"; helpdesk_thp_option \"$2\"; printf %s \"$_ht_opt\"",
                "sh", ROOT.resolve("scripts/lib/launcher.sh").toString(), setting.toString()).run(dir);
        assertEquals(0, run.code(), run.toString());
        assertEquals("", run.err(), "nothing on stderr either");
        return run.out();
    }
}
