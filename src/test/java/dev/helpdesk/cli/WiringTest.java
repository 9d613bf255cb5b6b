package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.store.StoreTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Main loads the store's native library while the command line is parsed; no store opens before it is loaded. */
class WiringTest {
    @TempDir
    Path dir;

    @Test
    void everyWayOfOpeningAStoreWaitsForTheStoresLibraryFirst() throws Exception {
        AtomicInteger waits = new AtomicInteger();
        Path config = Files.writeString(dir.resolve("config.json"),
                "{ \"dataDir\": \"" + dir.resolve("data") + "\", \"mailboxes\": [ { \"name\": \"support\","
                        + " \"host\": \"imap.example.com\", \"username\": \"u\", \"password\": { \"env\": \"P\" } } ] }");
        Wiring wiring = new Wiring(Map.of(), Clock.systemUTC(), holder -> false,
                ProcessIdentity.current("test-host", "helpdesk"), "test", Terminal.none(), waits::incrementAndGet);
        wiring.useConfigFile(config);

        assertTrue(wiring.openExistingStore().isEmpty());
        assertEquals(1, waits.get(), "even to find there is none");
        wiring.openStore().close();
        assertEquals(2, waits.get());
        wiring.openStore(new StoreTarget.Sqlite(dir.resolve("other.db"))).close();
        assertEquals(3, waits.get());
        assertEquals(Map.of(), wiring.readStore(store -> Map.of(), () -> Map.of("none", 1)));
        assertEquals(4, waits.get());
    }
}
