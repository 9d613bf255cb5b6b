package dev.helpdesk.cli;

import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.lock.LockVerdict;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk lock show}: every lock row, who holds it and whether it is alive; reads only. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show every lock: holder (PID, host, PID space, start), ages, expiry and a verdict"
                + " (running, stale, expired, held on another host). Changes nothing.")
final class LockShowCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array (the shape is documented in README.md).")
    private boolean json;

    LockShowCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<Store> existing = wiring.openExistingStore();
        List<LockStatus> locks = List.of();
        if (existing.isPresent()) {
            try (Store store = existing.get()) {
                locks = wiring.locks(store).list();
            }
        }
        if (json) {
            out.println(new Json().write(locks.stream().map(LockShowCommand::toJson).toList()));
        } else if (existing.isEmpty()) {
            out.println("No locks: there is no database yet at " + wiring.dataDir().database()
                    + " (nothing has run).");
        } else if (locks.isEmpty()) {
            out.println("No locks are held.");
        } else {
            HumanUnits units = new HumanUnits(wiring.clock().getZone());
            locks.forEach(lock -> print(out, lock, units));
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, LockStatus lock, HumanUnits units) {
        var row = lock.row();
        out.println(row.name() + "  " + lock.verdict().label());
        out.println("  holder      PID " + row.ownerPid() + " on " + SafeText.line(row.ownerHost()) + started(lock, units));
        out.println("  command     " + SafeText.line(row.command()));
        out.println("  held for    " + HumanUnits.duration(lock.heldFor()) + " (since " + units.time(row.acquiredAt()) + ")");
        out.println("  heartbeat   " + HumanUnits.duration(lock.sinceHeartbeat()) + " ago");
        out.println("  " + (lock.expiresIn().isNegative() || lock.expiresIn().isZero()
                ? "expired     " + HumanUnits.duration(lock.expiresIn()) + " ago"
                : "expires in  " + HumanUnits.duration(lock.expiresIn())));
        out.println("  token       " + row.token());
        // After the token, so the lines that were there before keep their places for scripts that read them.
        out.println("  pid space   " + (row.ownerBootId().isPresent() && row.ownerPidNamespace().isPresent()
                ? "boot " + SafeText.line(row.ownerBootId().get()) + ", PID namespace "
                        + SafeText.line(row.ownerPidNamespace().get())
                : "unknown (an older helpdesk, or no /proc): freed by expiry only"));
        suggestion(lock).ifPresent(next -> out.println("  next step   " + next
                + "   (the next fetch also takes it over by itself)"));
    }

    /** ", process started <wall time> (2h 13m after boot)": the wall time is display only, a clock step moves it. */
    private static String started(LockStatus lock, HumanUnits units) {
        Optional<String> wall = lock.row().ownerStart().map(units::time);
        Optional<String> afterBoot = lock.startedAfterBoot().map(since -> HumanUnits.duration(since) + " after boot");
        if (wall.isPresent()) {
            return ", process started " + wall.get() + afterBoot.map(since -> " (" + since + ")").orElse("");
        }
        return afterBoot.map(since -> ", process started " + since).orElse("");
    }

    /** The exact command for a row nobody will renew; none for a live holder. */
    private static Optional<String> suggestion(LockStatus lock) {
        return lock.verdict().free()
                ? Optional.of("helpdesk lock release " + lock.row().name())
                : Optional.empty();
    }

    private static Map<String, Object> toJson(LockStatus lock) {
        var row = lock.row();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", row.name());
        json.put("verdict", verdictKey(lock.verdict()));
        json.put("verdictText", lock.verdict().label());
        json.put("pid", row.ownerPid());
        json.put("host", row.ownerHost());
        json.put("processStart", row.ownerStart().map(Object::toString).orElse(null));
        json.put("bootId", row.ownerBootId().orElse(null));
        json.put("pidNamespace", row.ownerPidNamespace().orElse(null));
        json.put("processStartTicks", row.ownerStartTicks().isPresent() ? row.ownerStartTicks().getAsLong() : null);
        json.put("processStartAfterBootSeconds", lock.startedAfterBoot().map(Duration::getSeconds).orElse(null));
        json.put("command", row.command());
        json.put("token", row.token());
        json.put("acquiredAt", row.acquiredAt().toString());
        json.put("heartbeatAt", row.heartbeatAt().toString());
        json.put("expiresAt", row.expiresAt().toString());
        json.put("heldForSeconds", lock.heldFor().getSeconds());
        json.put("heartbeatAgeSeconds", lock.sinceHeartbeat().getSeconds());
        json.put("expiresInSeconds", lock.expiresIn().getSeconds());
        json.put("suggestion", suggestion(lock).orElse(null));
        return json;
    }

    static String verdictKey(LockVerdict verdict) {
        return switch (verdict) {
            case RUNNING -> "running";
            case STALE -> "stale";
            case EXPIRED -> "expired";
            case OTHER_HOST -> "other-host";
        };
    }
}
