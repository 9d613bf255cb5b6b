package dev.helpdesk.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code helpdesk man} (hidden): prints the helpdesk(1) man page; scripts/install writes it to
 * PREFIX/share/man/man1. {@code helpdesk man | man -l -} reads it without installing.
 */
@Command(name = "man", hidden = true, description = "Print the man page (troff); `helpdesk man | man -l -` shows it.")
final class ManCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    ManCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ManPage.render(spec.root().commandLine(), wiring.version()));
        return ExitCodes.OK;
    }
}
