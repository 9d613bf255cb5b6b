package dev.helpdesk.cli;

import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.config.ExampleConfig;
import dev.helpdesk.store.DataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk init}: writes a commented example config and creates the data directory. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented example config (to --config FILE, $HELPDESK_CONFIG, or the XDG default)"
                + " and create the data directory (mode 0700) with its database. Never overwrites without --force.")
final class InitCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--force", description = "Overwrite an existing config file.")
    private boolean force;

    InitCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        Path target = wiring.locator().defaultLocation(wiring.configFlag());
        if (Files.exists(target) && !force) {
            throw new UsageException("a config file already exists at " + target
                    + "; it was left as it is. Edit it, or run `helpdesk init --force` to replace it with the example.");
        }
        write(target, ExampleConfig.text());
        Config config = wiring.loadConfig(target);
        DataDir dataDir = new DataDir(config.dataDir());
        boolean created = dataDir.create();
        wiring.openStore(dataDir.target()).close();
        var out = spec.commandLine().getOut();
        out.println("Wrote an example config to " + target + ".");
        out.println((created ? "Created the data directory " : "The data directory exists: ") + dataDir.root()
                + (created ? " (mode 0700)" : "") + "; the database is " + dataDir.database() + ".");
        out.println("Next: edit the mailboxes in " + target + ", then run `helpdesk fetch`.");
        return ExitCodes.OK;
    }

    /** Written beside the target and renamed, so a crash never leaves half an example behind. */
    private static void write(Path target, String text) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, text);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the config file " + target + ": " + e.getMessage(), e);
        }
    }
}
