package dev.helpdesk.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The helpdesk(1) man page in man(7) macros, rendered from the same picocli model as --help, so the
 * two never disagree. Hidden commands and each subcommand's -h/-V and inherited options are left out.
 */
final class ManPage {
    private final StringBuilder page = new StringBuilder();

    static String render(CommandLine root, String version) {
        return new ManPage().write(root.getCommandSpec(), version);
    }

    private String write(CommandSpec root, String version) {
        line(".TH " + root.name().toUpperCase(java.util.Locale.ROOT) + " 1 \"\" \"" + root.name() + " " + version
                + "\" \"User Commands\"");
        line(".SH NAME");
        line(root.name() + " \\- turns support mailboxes into helpdesk conversations");
        line(".SH SYNOPSIS");
        synopsis(root);
        line(".SH DESCRIPTION");
        paragraphs(root.usageMessage().description());
        line(".SH OPTIONS");
        options(root, true);
        line(".SH COMMANDS");
        for (CommandLine sub : visibleSubcommands(root)) {
            command(sub.getCommandSpec());
        }
        line(".SH EXIT STATUS");
        root.usageMessage().exitCodeList().forEach((code, meaning) -> {
            line(".TP");
            line(".B " + code.strip());
            line(text(meaning));
        });
        line(".TP");
        line(".B 127");
        line("the launcher found no Java 17 or newer; its message says where it looked and what to set.");
        line(".SH ENVIRONMENT");
        environment("HELPDESK_CONFIG", "The config file, unless --config is given.");
        environment("XDG_CONFIG_HOME", "Default config: $XDG_CONFIG_HOME/helpdesk/config.json (~/.config/helpdesk/config.json).");
        environment("XDG_DATA_HOME", "Default data directory: $XDG_DATA_HOME/helpdesk (~/.local/share/helpdesk).");
        environment("HELPDESK_JAVA_OPTS", "JVM options the launcher adds after its default -Xmx128m, split at spaces;"
                + " the last -Xmx wins, so HELPDESK_JAVA_OPTS=-Xmx512m raises the heap.");
        environment("JAVA_HOME", "The Java the launcher runs (17 or newer; an older one is refused). Unset: java on"
                + " PATH, then /usr/lib/jvm/* and the other usual places.");
        line(".SH FILES");
        paragraphs(root.usageMessage().footer());
        line(".SH SEE ALSO");
        line("crontab(5), systemd.timer(5), journalctl(1); README.md of the helpdesk sources.");
        return page.toString();
    }

    private void command(CommandSpec spec) {
        line(".SS \"" + spec.qualifiedName() + "\"");
        synopsis(spec);
        line(".PP");
        paragraphs(spec.usageMessage().description());
        List<CommandLine> subs = visibleSubcommands(spec);
        if (subs.isEmpty()) {
            line(".RS");
            options(spec, false);
            line(".RE");
        }
        for (CommandLine sub : subs) {
            command(sub.getCommandSpec());
        }
    }

    /** Picocli's own synopsis line, unwrapped: troff fills it to the reader's width. */
    private void synopsis(CommandSpec spec) {
        String name = spec.qualifiedName();
        String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip()
                .replaceAll("\\s+", " ");
        line(".B " + text(name));
        line(text(synopsis.startsWith(name) ? synopsis.substring(name.length()).strip() : synopsis));
    }

    private void options(CommandSpec spec, boolean top) {
        for (OptionSpec option : spec.options()) {
            if (option.hidden() || option.inherited() || (!top && (option.usageHelp() || option.versionHelp()))) {
                continue;
            }
            line(".TP");
            String names = option.names().length == 0 ? "" : List.of(option.names()).stream()
                    .map(n -> "\\fB" + text(n) + "\\fR").collect(Collectors.joining(", "));
            line(names + (option.arity().max() > 0 ? " \\fI" + text(option.paramLabel()) + "\\fR" : ""));
            line(text(String.join(" ", option.description())));
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (parameter.hidden()) {
                continue;
            }
            line(".TP");
            line("\\fI" + text(parameter.paramLabel()) + "\\fR");
            line(text(String.join(" ", parameter.description())));
        }
    }

    private void environment(String name, String meaning) {
        line(".TP");
        line(".B " + name);
        line(text(meaning));
    }

    /** Each picocli line on a line of its own (.br), as --help shows them. */
    private void paragraphs(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                line(".br");
            }
            line(text(lines[i].replace("%n", " ").strip()));
        }
    }

    private static List<CommandLine> visibleSubcommands(CommandSpec spec) {
        // Aliases map to the same CommandLine; keep each command once, in declaration order.
        return spec.subcommands().values().stream().distinct()
                .filter(sub -> !sub.getCommandSpec().usageMessage().hidden()).toList();
    }

    /** Escapes text for a troff input line: backslashes, a leading control character, option dashes. */
    static String text(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-").replace("%%", "%");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    private void line(String text) {
        page.append(text).append('\n');
    }
}
