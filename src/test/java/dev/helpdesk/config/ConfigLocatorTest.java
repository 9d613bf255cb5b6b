package dev.helpdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which config file a run uses, and where data lives by default. */
class ConfigLocatorTest {

    @TempDir Path dir;
    Path home;
    Path flagFile;
    Path envFile;
    Path xdgFile;
    Path homeFile;

    @BeforeEach
    void setUp() throws IOException {
        home = dir.resolve("home");
        flagFile = touch(dir.resolve("flag.json"));
        envFile = touch(dir.resolve("env.json"));
        xdgFile = touch(dir.resolve("xdg/helpdesk/config.json"));
        homeFile = touch(home.resolve(".config/helpdesk/config.json"));
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "{}");
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void prefersTheFlagOverTheEnvironmentAndTheDefault() {
        var locator = new ConfigLocator(env("HELPDESK_CONFIG", envFile.toString(),
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString()));

        assertEquals(flagFile, locator.locate(Optional.of(flagFile)));
    }

    @Test
    void prefersHelpdeskConfigOverTheDefault() {
        var locator = new ConfigLocator(env("HELPDESK_CONFIG", envFile.toString(),
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString()));

        assertEquals(envFile, locator.locate(Optional.empty()));
    }

    @Test
    void usesXdgConfigHomeWhenNothingIsNamed() {
        var locator = new ConfigLocator(env("XDG_CONFIG_HOME", dir.resolve("xdg").toString()));

        assertEquals(xdgFile, locator.locate(Optional.empty()));
    }

    @Test
    void fallsBackToDotConfigUnderHomeWhenXdgConfigHomeIsUnsetEmptyOrRelative() {
        assertEquals(homeFile, new ConfigLocator(env()).locate(Optional.empty()));
        assertEquals(homeFile, new ConfigLocator(env("XDG_CONFIG_HOME", "")).locate(Optional.empty()));
        assertEquals(homeFile,
                new ConfigLocator(env("XDG_CONFIG_HOME", "relative/xdg")).locate(Optional.empty()));
    }

    @Test
    void treatsAnEmptyHelpdeskConfigAsUnset() {
        assertEquals(homeFile,
                new ConfigLocator(env("HELPDESK_CONFIG", " ")).locate(Optional.empty()));
    }

    @Test
    void reportsAMissingDefaultWithItsOriginAndSuggestsInit() throws IOException {
        Files.delete(homeFile);

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLocator(env()).locate(Optional.empty()));

        assertEquals("No config file found: tried " + homeFile + " (the default location, as neither"
                + " --config nor $HELPDESK_CONFIG is given). Run `helpdesk init` to create it there, or"
                + " name an existing file with --config or $HELPDESK_CONFIG.", e.getMessage());
    }

    @Test
    void reportsAMissingFlagFileWithoutFallingBackToOtherLocations() {
        Path missing = dir.resolve("typo.json");
        var locator = new ConfigLocator(env("HELPDESK_CONFIG", envFile.toString()));

        ConfigException e = assertThrows(ConfigException.class,
                () -> locator.locate(Optional.of(missing)));

        assertTrue(e.getMessage().startsWith("No config file found: tried " + missing
                + " (from --config); no other location is consulted when --config is given."),
                e.getMessage());
        assertTrue(e.getMessage().contains("`helpdesk init`"), e.getMessage());
    }

    @Test
    void reportsAMissingHelpdeskConfigFileWithoutFallingBackToTheDefault() {
        Path missing = dir.resolve("gone.json");
        var locator = new ConfigLocator(env("HELPDESK_CONFIG", missing.toString()));

        ConfigException e = assertThrows(ConfigException.class, () -> locator.locate(Optional.empty()));

        assertTrue(e.getMessage().startsWith("No config file found: tried " + missing
                + " (from $HELPDESK_CONFIG); the default location is not consulted"), e.getMessage());
    }

    @Test
    void returnsAnExistingButUnreadableCandidateSoTheLoaderCanSaySo() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("dir.json"));

        assertEquals(directory, new ConfigLocator(env()).locate(Optional.of(directory)));
    }

    @Test
    void initWritesWhereLocateWouldLook() {
        Path nowhere = dir.resolve("new/config.json");
        assertEquals(nowhere, new ConfigLocator(env("HELPDESK_CONFIG", envFile.toString()))
                .defaultLocation(Optional.of(nowhere)));
        assertEquals(nowhere, new ConfigLocator(env("HELPDESK_CONFIG", nowhere.toString()))
                .defaultLocation(Optional.empty()));
        assertEquals(Path.of("/x/helpdesk/config.json"),
                new ConfigLocator(env("XDG_CONFIG_HOME", "/x")).defaultLocation(Optional.empty()));
        assertEquals(home.resolve(".config/helpdesk/config.json"),
                new ConfigLocator(env()).defaultLocation(Optional.empty()));
    }

    @Test
    void putsDataUnderXdgDataHomeOrHomeLocalShare() {
        assertEquals(Path.of("/srv/data/helpdesk"),
                new ConfigLocator(env("XDG_DATA_HOME", "/srv/data")).defaultDataDir());
        assertEquals(home.resolve(".local/share/helpdesk"), new ConfigLocator(env()).defaultDataDir());
    }

    @Test
    void explainsThatWithoutHomeThereIsNoDefault() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLocator(Map.of()).defaultDataDir());

        assertTrue(e.getMessage().contains("neither $XDG_DATA_HOME nor $HOME is set"), e.getMessage());
    }
}
