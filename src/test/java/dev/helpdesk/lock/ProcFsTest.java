package dev.helpdesk.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a process's boot-relative identity from a crafted /proc, and saying "cannot tell" where it must. */
class ProcFsTest {
    @TempDir
    Path dir;

    @Test
    void startTicksAreCountedFromTheLastParenthesisSoACommandNameWithBlanksAndParenthesesCannotShiftThem() {
        FakeProc proc = new FakeProc(dir).process(77, ") S 1 2 (x", 31_337).process(78, "a b) (c", 42);
        assertEquals(new ProcFs.Ticks(31_337), proc.procFs().startOf(77));
        assertEquals(new ProcFs.Ticks(42), proc.procFs().startOf(78));
        // The same line from the kernel, as text:
        String line = "2840 (my (odd) name) S 1 2840 2840 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 0 0";
        assertEquals(new ProcFs.Ticks(987_654), ProcFs.parseStat(2840, line));
    }

    @Test
    void aStatLineThatIsCutShortOrOfAnotherPidTellsNothing() {
        assertInstanceOf(ProcFs.Unknown.class, ProcFs.parseStat(77, "77 (java) S 1 2 3"));
        assertInstanceOf(ProcFs.Unknown.class, ProcFs.parseStat(77, "77 (java"));
        assertInstanceOf(ProcFs.Unknown.class, ProcFs.parseStat(77, ""));
        assertInstanceOf(ProcFs.Unknown.class, ProcFs.parseStat(77,
                "78 (java) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"));
        assertInstanceOf(ProcFs.Unknown.class, ProcFs.parseStat(77,
                "77 (java) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 soon 20"));
    }

    @Test
    void aMissingPidIsAbsentButAnUnreadableOneIsUnknown() {
        FakeProc proc = new FakeProc(dir).process(77, "java", 1);
        assertInstanceOf(ProcFs.Absent.class, proc.procFs().startOf(99));
        proc.delete(dir.resolve("77/stat")).write("77/stat/not-a-file", "");
        assertInstanceOf(ProcFs.Unknown.class, proc.procFs().startOf(77), "stat is a directory: unreadable");
        proc.delete(dir.resolve("77/stat"));
        assertInstanceOf(ProcFs.Unknown.class, proc.procFs().startOf(77), "the PID's directory is there, its stat not");
    }

    @Test
    void theCurrentProcessIsKnownByBootIdPidNamespaceAndStartTicks() {
        ProcessIdentity self = ProcessIdentity.current(new FakeProc(dir).procFs(), "web1", "helpdesk fetch");
        assertEquals(FakeProc.SELF, self.pid());
        assertEquals(new HostIdentity("web1", Optional.of(FakeProc.SPACE)), self.hostIdentity());
        assertEquals(OptionalLong.of(500_000), self.startTicks());
        // Display only: boot time (btime) plus 5,000 s.
        assertEquals(Optional.of(Instant.ofEpochSecond(FakeProc.BOOT_EPOCH_SECONDS + 5_000)), self.start());
    }

    @Test
    void withoutProcThereIsNoBootRelativeIdentityAtAll() {
        ProcessIdentity self = ProcessIdentity.current(new ProcFs(dir.resolve("missing"), 4242), "mac", "helpdesk");
        assertEquals(Optional.empty(), self.hostIdentity().pidSpace());
        assertEquals(OptionalLong.empty(), self.startTicks());
        assertEquals(Optional.empty(), self.start());
        assertEquals("mac", self.host());
    }

    @Test
    void aProcOfTheParentPidNamespaceGivesNoIdentity() {
        // `unshare --pid --fork` without --mount-proc: /proc/self is our PID as the parent namespace numbers it.
        FakeProc proc = new FakeProc(dir).link("self", "27240");
        assertEquals(Optional.empty(), proc.procFs().ownPidSpace());
        // Same, seen through NStgid: two entries, the outer one first.
        proc.link("self", Long.toString(FakeProc.SELF))
                .write(FakeProc.SELF + "/status", "NStgid:\t" + FakeProc.SELF + "\t1\n");
        assertEquals(Optional.empty(), proc.procFs().ownPidSpace());
    }

    @Test
    void aTimeNamespaceWithAShiftedBootClockGivesNoIdentity() {
        FakeProc proc = new FakeProc(dir);
        assertEquals(Optional.of(FakeProc.SPACE), proc.procFs().ownPidSpace());
        proc.write(FakeProc.SELF + "/timens_offsets", "monotonic 0 0\nboottime 100000 0\n");
        assertEquals(Optional.empty(), proc.procFs().ownPidSpace());
        proc.delete(dir.resolve(FakeProc.SELF + "/timens_offsets"));
        assertEquals(Optional.of(FakeProc.SPACE), proc.procFs().ownPidSpace(), "kernels before 5.6 have no time namespaces");
    }

    @Test
    void anUnreadableBootIdOrNamespaceGivesNoIdentity() {
        FakeProc proc = new FakeProc(dir).write("sys/kernel/random/boot_id", "\n");
        assertEquals(Optional.empty(), proc.procFs().ownPidSpace());
        proc.write("sys/kernel/random/boot_id", FakeProc.BOOT_ID).link(FakeProc.SELF + "/ns/pid", "net:[4026531840]");
        assertEquals(Optional.empty(), proc.procFs().ownPidSpace());
    }

    @Test
    void hidepidMakesAMissingPidProveNothing() {
        FakeProc proc = new FakeProc(dir);
        assertFalse(proc.procFs().mayHideProcesses());
        proc.mountinfo("rw,hidepid=2");
        assertTrue(proc.procFs().mayHideProcesses());
        proc.mountinfo("rw,hidepid=invisible,gid=4");
        assertTrue(proc.procFs().mayHideProcesses());
        proc.mountinfo("rw,hidepid=0");
        assertFalse(proc.procFs().mayHideProcesses());
        proc.delete(dir.resolve(FakeProc.SELF + "/mountinfo"));
        assertTrue(proc.procFs().mayHideProcesses(), "no mount table: cannot tell");
    }

    @Test
    void theRealProcOfThisMachineGivesOurOwnStart() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux only");
        ProcFs proc = ProcFs.system();
        PidSpace space = proc.ownPidSpace().orElseThrow();
        assertTrue(space.bootId().matches("[0-9a-f-]{36}"), space.bootId());
        assertTrue(space.pidNamespace().matches("\\d+"), space.pidNamespace());
        ProcFs.Ticks ticks = assertInstanceOf(ProcFs.Ticks.class, proc.startOf(proc.ownPid()));
        assertEquals(ticks, proc.startOf(proc.ownPid()), "the same every time it is read");
        assertFalse(proc.mayHideProcesses());
        Duration sinceBoot = ProcessIdentity.afterBoot(ticks.ticks());
        assertTrue(sinceBoot.compareTo(Duration.ZERO) > 0, sinceBoot.toString());
    }
}
