package dev.helpdesk.cli;

import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.lock.LockVerdict;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
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
        description = "Show every lock: holder, ages, expiry and a verdict (running, stale, expired,"
                + " held on another host). Changes nothing.")
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
        out.println("  holder      PID " + row.ownerPid() + " on " + SafeText.line(row.ownerHost())
                + row.ownerStart().map(start -> ", process started " + units.time(start)).orElse(""));
        out.println("  command     " + SafeText.line(row.command()));
        out.println("  held for    " + HumanUnits.duration(lock.heldFor()) + " (since " + units.time(row.acquiredAt()) + ")");
        out.println("  heartbeat   " + HumanUnits.duration(lock.sinceHeartbeat()) + " ago");
        out.println("  " + (lock.expiresIn().isNegative() || lock.expiresIn().isZero()
                ? "expired     " + HumanUnits.duration(lock.expiresIn()) + " ago"
                : "expires in  " + HumanUnits.duration(lock.expiresIn())));
        out.println("  token       " + row.token());
        suggestion(lock).ifPresent(next -> out.println("  next step   " + next
                + "   (the next fetch also takes it over by itself)"));
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
