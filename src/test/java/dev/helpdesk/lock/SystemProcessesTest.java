package dev.helpdesk.lock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Gone" only with proof, against a crafted /proc: same PID space, and the PID free or started at another tick. */
class SystemProcessesTest {
    private static final long HOLDER = 3100;
    private static final long TICKS = 777_000;

    @TempDir
    Path dir;

    private FakeProc proc;
    private SystemProcesses liveness;

    @BeforeEach
    void setUp() {
        proc = new FakeProc(dir).process(HOLDER, "java", TICKS);
        liveness = new SystemProcesses(proc.procFs());
    }

    private static ProcessIdentity holder(long pid, Optional<PidSpace> space, OptionalLong ticks) {
        return new ProcessIdentity(pid, new HostIdentity("web1", space), ticks, Optional.empty(), "helpdesk fetch");
    }

    private static ProcessIdentity holder(long pid, long ticks) {
        return holder(pid, Optional.of(FakeProc.SPACE), OptionalLong.of(ticks));
    }

    @Test
    void theSamePidWithTheSameStartRuns() {
        assertFalse(liveness.isGone(holder(HOLDER, TICKS)));
    }

    @Test
    void theSamePidWithAnotherStartIsAnotherProcess() {
        assertTrue(liveness.isGone(holder(HOLDER, TICKS - 1)));
        assertTrue(liveness.isGone(holder(HOLDER, TICKS + 360_000)));
    }

    @Test
    void aFreePidIsGone() {
        proc.remove(HOLDER);
        assertTrue(liveness.isGone(holder(HOLDER, TICKS)));
    }

    @Test
    void aFreePidProvesNothingWhereProcHidesOtherUsersProcesses() {
        proc.remove(HOLDER).mountinfo("rw,hidepid=invisible");
        assertFalse(liveness.isGone(holder(HOLDER, TICKS)));
    }

    @Test
    void aHolderOfAnotherBootOrPidNamespaceIsNeverJudgedHere() {
        proc.remove(HOLDER);
        assertFalse(liveness.isGone(holder(HOLDER, Optional.of(new PidSpace("another-boot", FakeProc.PID_NAMESPACE)),
                OptionalLong.of(TICKS))));
        assertFalse(liveness.isGone(holder(FakeProc.SELF, Optional.of(new PidSpace(FakeProc.BOOT_ID, "4026532178")),
                OptionalLong.of(1))), "our own PID, another namespace: not ours to judge");
    }

    @Test
    void anUnreadableOrGarbledStatIsAlive() {
        proc.stat(HOLDER, HOLDER + " (java");
        assertFalse(liveness.isGone(holder(HOLDER, TICKS + 1)));
        proc.delete(dir.resolve(HOLDER + "/stat")).write(HOLDER + "/stat/x", "");
        assertFalse(liveness.isGone(holder(HOLDER, TICKS + 1)));
    }

    @Test
    void aRowWithoutPidSpaceOrTicksIsAlive() {
        proc.remove(HOLDER);
        assertFalse(liveness.isGone(holder(HOLDER, Optional.empty(), OptionalLong.empty())), "an older helpdesk's row");
        assertFalse(liveness.isGone(holder(FakeProc.SELF, Optional.of(FakeProc.SPACE), OptionalLong.empty())),
                "a live PID and no start to compare");
        assertTrue(liveness.isGone(holder(HOLDER, Optional.of(FakeProc.SPACE), OptionalLong.empty())),
                "a free PID in our PID space needs no start to be gone");
    }

    @Test
    void aJudgeWithoutUsableProcProvesNothing() {
        proc.link("self", "1");
        assertFalse(liveness.isGone(holder(HOLDER, TICKS - 1)));
        proc.remove(HOLDER);
        assertFalse(liveness.isGone(holder(HOLDER, TICKS)));
    }
}
