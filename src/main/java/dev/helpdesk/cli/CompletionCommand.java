package dev.helpdesk.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code helpdesk completion bash|zsh}: picocli's completion script for the command tree, with
 * {@code --mailbox} completed from the configured mailboxes at TAB time (so it follows config edits).
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash or zsh completion script. scripts/install installs both; by hand:"
                + " `source <(helpdesk completion bash)` in ~/.bashrc, or `helpdesk completion zsh >"
                + " ~/.zfunc/_helpdesk` with ~/.zfunc in fpath. --mailbox completes the configured names.")
final class CompletionCommand implements Callable<Integer> {
    // picocli completes an option value only from candidates fixed when the script is generated;
    // the mailboxes change with the config, so these branches ask `helpdesk mailbox-names` instead.
    private static final Pattern MAILBOX_BRANCH = Pattern.compile("(?m)^( *)'--mailbox'\\)\\n *return\\n");
    private static final String ENTRY_POINT = "# Bash completion entry point function.";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash or zsh.")
    private String shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = switch (shell) {
            case "bash" -> bash(root);
            case "zsh" -> zsh(root);
            default -> throw new UsageException("completion takes bash or zsh, not " + shell + ".");
        };
        spec.commandLine().getOut().print(script);
        return ExitCodes.OK;
    }

    static String bash(CommandLine root) {
        String script = AutoComplete.bash(root.getCommandName(), root);
        Matcher branch = MAILBOX_BRANCH.matcher(script);
        if (!branch.find() || !script.contains(ENTRY_POINT)) {
            throw new IllegalStateException("picocli's completion script changed shape: no --mailbox branch to fill in");
        }
        script = branch.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + "'--mailbox')\n"
                + match.group(1) + "  local IFS=$'\\n'\n"
                + match.group(1) + "  COMPREPLY=( $(compReplyArray $(_helpdesk_mailbox_names)) )\n"
                + match.group(1) + "  return 0\n"));
        return script.replace(ENTRY_POINT, MAILBOX_NAMES + ENTRY_POINT);
    }

    /** zsh runs the bash script through bashcompinit, which picocli's script sets up itself. */
    static String zsh(CommandLine root) {
        String bash = bash(root);
        return "#compdef " + root.getCommandName() + "\n"
                + "# zsh completion for helpdesk: the bash completion, run by zsh's bashcompinit. Install it as\n"
                + "# _helpdesk in a directory of $fpath, or `source <(helpdesk completion zsh)` in ~/.zshrc.\n"
                + "# zsh has no compopt; picocli's alias for it comes too late for functions that compinit\n"
                + "# autoloads from this file (parsed in one go), so a no-op stands in.\n"
                + "(( $+functions[compopt] )) || function compopt { return 0; }\n"
                + bash.substring(bash.indexOf('\n') + 1)
                + "\n# Autoloaded by compinit at the first TAB: that TAB is completed here, later ones by bashcompinit.\n"
                + "if [ \"${funcstack[1]}\" = \"_" + root.getCommandName() + "\" ]; then\n"
                + "  _bash_complete -F _complete_" + root.getCommandName() + " -o default\n"
                + "fi\n";
    }

    private static final String MAILBOX_NAMES = """
            # _helpdesk_mailbox_names prints the configured mailbox names, one a line, by asking the helpdesk
            # being completed (with the --config FILE typed so far). No config, or a broken one: nothing.
            function _helpdesk_mailbox_names() {
              local i=1 config=()
              while [ "$i" -lt "$COMP_CWORD" ]; do
                if [ "${COMP_WORDS[i]}" = "--config" ]; then
                  if [ "${COMP_WORDS[i+1]}" = "=" ]; then config=(--config "${COMP_WORDS[i+2]}"); else config=(--config "${COMP_WORDS[i+1]}"); fi
                fi
                i=$((i + 1))
              done
              "${COMP_WORDS[0]}" "${config[@]}" mailbox-names 2>/dev/null
            }

            """;

    /** The values picocli offers for SHELL. */
    static final class Shells extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Shells() {
            super(List.of("bash", "zsh"));
        }
    }
}
