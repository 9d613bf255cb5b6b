package dev.helpdesk.cli;

import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code helpdesk lock release NAME}: frees a stale or expired lock; a live one only with --force. */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Free a stale or expired lock. A running holder is left alone unless --force;"
                + " even then no process is killed: that run stops at its next write.")
final class LockReleaseCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The lock's name, as `helpdesk lock show` prints it.")
    private String name;

    @Option(names = "--force", description = "Also free a lock whose holder still runs.")
    private boolean force;

    LockReleaseCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        LockStatus released;
        Store store = wiring.openExistingStore().orElseThrow(() -> new UsageException("there is no lock named "
                + name + ": no database exists yet at " + wiring.dataDir().database() + ", so no lock is held."));
        try (store) {
            released = wiring.locks(store).releaseByAdmin(name, force);
        }
        var out = spec.commandLine().getOut();
        out.println("Released lock " + name + "; it was " + released.verdict().label() + ", held by "
                + SafeText.line(released.holder()) + ".");
        if (!released.verdict().free()) {
            out.println("Nothing was killed: if that run is still alive it finds its lease gone at its next"
                    + " write, rolls that write back and stops.");
        }
        return ExitCodes.OK;
    }
}
