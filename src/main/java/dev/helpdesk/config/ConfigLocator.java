package dev.helpdesk.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which config file a run uses and where data lives by default, from the
 * {@code --config} flag and the environment, following the XDG base directory rules.
 *
 * <p>The first source that is given wins: {@code --config}, else {@code $HELPDESK_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/helpdesk/config.json}. A file named explicitly that does not exist is
 * an error, never a reason to fall back to another file: a typo in {@code --config} must not
 * quietly fetch the mailboxes of a different configuration.
 */
public final class ConfigLocator {

    private final Map<String, String> env;

    /** {@code env} supplies HOME, XDG_CONFIG_HOME, HELPDESK_CONFIG and XDG_DATA_HOME. */
    public ConfigLocator(Map<String, String> env) {
        this.env = Map.copyOf(new HashMap<>(env));
    }

    /**
     * The config file this run uses.
     *
     * @throws ConfigException when it does not exist, saying which path was tried, where that path
     *     came from, and how to create it
     */
    public Path locate(Optional<Path> flag) {
        Candidate candidate = candidate(flag);
        if (Files.exists(candidate.path())) {
            return candidate.path();
        }
        throw new ConfigException("No config file found: tried " + candidate.path() + " ("
                + candidate.origin() + ")" + candidate.skipped() + ". Run `helpdesk init` to create it"
                + " there, or name an existing file with --config or $HELPDESK_CONFIG.");
    }

    /** Where {@code helpdesk init} writes: exactly the file {@link #locate} would look for. */
    public Path defaultLocation(Optional<Path> flag) {
        return candidate(flag).path();
    }

    /** {@code $XDG_DATA_HOME/helpdesk}, XDG_DATA_HOME defaulting to {@code $HOME/.local/share}. */
    public Path defaultDataDir() {
        return xdgHome("XDG_DATA_HOME", ".local/share").resolve("helpdesk");
    }

    private record Candidate(Path path, String origin, String skipped) {}

    private Candidate candidate(Optional<Path> flag) {
        Optional<String> fromEnv = value("HELPDESK_CONFIG");
        if (flag.isPresent()) {
            return new Candidate(flag.get(), "from --config",
                    "; no other location is consulted when --config is given");
        }
        if (fromEnv.isPresent()) {
            return new Candidate(Path.of(fromEnv.get()), "from $HELPDESK_CONFIG",
                    "; the default location is not consulted when $HELPDESK_CONFIG is set");
        }
        return new Candidate(xdgHome("XDG_CONFIG_HOME", ".config").resolve("helpdesk/config.json"),
                "the default location, as neither --config nor $HELPDESK_CONFIG is given", "");
    }

    // The XDG spec says a relative value is invalid and must be ignored, like an unset one.
    private Path xdgHome(String variable, String underHome) {
        Optional<Path> xdg = value(variable).map(Path::of).filter(Path::isAbsolute);
        if (xdg.isPresent()) {
            return xdg.get();
        }
        return value("HOME").map(home -> Path.of(home).resolve(underHome)).orElseThrow(() ->
                new ConfigException("Cannot tell where the default location is: neither $" + variable
                        + " nor $HOME is set. Set one of them, or name the config file with --config and"
                        + " set \"dataDir\" in it."));
    }

    private Optional<String> value(String variable) {
        return Optional.ofNullable(env.get(variable)).filter(v -> !v.isBlank());
    }
}
