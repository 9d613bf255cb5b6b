package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/lib/build.sh decides when the scripts rebuild the jar; every script uses it, none its own copy. */
class BuildScriptTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Instant BUILT = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private boolean stale(Path checkout) {
        Command.Result result = Command.of("bash", "-c", ". \"$1\"; helpdesk_jar_stale \"$2\"", "bash",
                ROOT.resolve("scripts/lib/build.sh").toString(), checkout.toString()).run(dir);
        assertTrue(result.code() <= 1 && result.err().isEmpty(), result.toString());
        return result.code() == 0;
    }

    private static void touch(Path file, Instant when) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }

    @Test
    void rebuildsWhenTheJarIsMissingOrOlderThanAnySourceOrThePom() throws Exception {
        Path checkout = dir.resolve("checkout");
        Path source = checkout.resolve("src/main/java/dev/helpdesk/Deep.java");
        Files.createDirectories(source.getParent());
        Files.createDirectories(checkout.resolve("target"));
        Path pom = Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Files.writeString(source, "class Deep {}");
        assertTrue(stale(checkout), "no jar yet");

        Path jar = Files.writeString(checkout.resolve("target/helpdesk.jar"), "jar");
        try (var paths = Files.walk(checkout.resolve("src"))) {
            for (Path path : paths.toList()) {
                touch(path, BUILT.minusSeconds(60));
            }
        }
        touch(pom, BUILT.minusSeconds(60));
        touch(jar, BUILT);
        assertFalse(stale(checkout), "everything older than the jar");

        touch(source, BUILT.plusSeconds(1));
        assertTrue(stale(checkout), "a source file deep under src/ changed after the build");
        touch(source, BUILT.minusSeconds(60));
        touch(pom, BUILT.plusSeconds(1));
        assertTrue(stale(checkout), "pom.xml changed after the build");
        touch(pom, BUILT.minusSeconds(60));
        touch(source.getParent(), BUILT.plusSeconds(1));
        assertTrue(stale(checkout), "a file was added to or removed from a source directory");
    }

    @Test
    void everyScriptThatRunsTheJarUsesTheSharedBuildFunction() throws Exception {
        for (String script : List.of("helpdesk", "demo", "install", "bench")) {
            String text = Files.readString(ROOT.resolve("scripts").resolve(script));
            assertTrue(text.contains(". \"$root/scripts/lib/build.sh\"") && text.contains("helpdesk_build \"$root\""),
                    script + " does not use scripts/lib/build.sh");
            assertFalse(text.matches("(?s).*mvn[^\\n]* package.*"), script + " builds the jar by itself");
        }
        assertEquals(1, Files.readString(ROOT.resolve("scripts/lib/build.sh")).split("-DskipTests package", -1).length - 1);
    }
}
