package dev.helpdesk.lock;

import java.util.Objects;

/**
 * One PID namespace of one running kernel: within it a PID and a start in clock ticks since boot name
 * exactly one process, and outside it they name nothing we can look up.
 *
 * <p>The boot id is random per boot, so a reboot (or another machine) never matches. A namespace's inode
 * number is unique among the namespaces alive in that boot; it can be handed out again only after the
 * namespace died, and then every process of it died too, so a match never points at a live stranger.
 */
public record PidSpace(String bootId, String pidNamespace) {

    public PidSpace {
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(pidNamespace, "pidNamespace");
        if (bootId.isBlank() || pidNamespace.isBlank()) {
            throw new IllegalArgumentException("a PID space needs a boot id and a PID namespace, got '" + bootId
                    + "' and '" + pidNamespace + "'");
        }
    }
}
