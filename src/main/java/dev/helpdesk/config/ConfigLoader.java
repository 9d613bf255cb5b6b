package dev.helpdesk.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads, parses and validates a config file into a {@link Config}, or says what is wrong. */
public final class ConfigLoader {

    private final ConfigLocator locator;
    private final NodeParser parser = new NodeParser();

    /** {@code env} supplies HOME and XDG_DATA_HOME for the default data directory. */
    public ConfigLoader(Map<String, String> env) {
        this.locator = new ConfigLocator(env);
    }

    /**
     * Loads {@code file}. A relative {@code dataDir} (or secret file) is taken from the config
     * file's directory; without {@code dataDir} the data lives in
     * {@link ConfigLocator#defaultDataDir()}.
     *
     * @throws ConfigException naming the file, line and key of the first problem found
     */
    public Config load(Path file) {
        Node root = parser.parse(file, read(file));
        return new ConfigBinder(file, locator::defaultDataDir).bind(root);
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file);
            // Some Windows editors start UTF-8 files with a byte order mark, which JSON does not allow.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file; run `helpdesk init` to create"
                    + " one.", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": the config file exists but cannot be read (permission"
                    + " denied); check its owner and mode.", e);
        } catch (MalformedInputException e) {
            throw new ConfigException(file + ": the config file cannot be read: it is not valid UTF-8.",
                    e);
        } catch (IOException e) {
            String reason =
                    Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage());
            throw new ConfigException(file + ": the config file exists but cannot be read (" + reason
                    + ").", e);
        }
    }
}
