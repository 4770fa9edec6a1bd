package dev.calor.broker.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds client ids to identities by rule, so no client can take over (or lock out) another identity's
 * session, today or after a restart:
 *
 * <ul>
 *   <li>every identity may use its own name, or {@code {name}/{suffix}};
 *   <li>a WORKER may also use {@code calor-worker-{suffix}}; no other role may use that prefix (and no
 *       other role's name may start with it, see {@link #reservedForWorkers});
 *   <li>a suffix is 1–100 of {@code [A-Za-z0-9._-]}; the whole id at most {@code maxLength} characters.
 * </ul>
 */
public final class ClientIdRule {

    public static final String WORKER_PREFIX = "calor-worker-";
    public static final int DEFAULT_MAX_LENGTH = 128;
    private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final int maxLength;

    public ClientIdRule(int maxLength) {
        this.maxLength = maxLength;
    }

    /** Why {@code clientId} does not belong to {@code who}, or empty when it does. */
    public Optional<String> problem(String clientId, ClientIdentity who) {
        if (clientId.length() > maxLength) {
            return Optional.of("client id longer than " + maxLength + " characters");
        }
        if (clientId.equals(who.name())) {
            return Optional.empty();
        }
        String own = who.name() + "/";
        if (clientId.startsWith(own)
                && SUFFIX.matcher(clientId.substring(own.length())).matches()) {
            return Optional.empty();
        }
        if (who.role() == Role.WORKER
                && clientId.startsWith(WORKER_PREFIX)
                && SUFFIX.matcher(clientId.substring(WORKER_PREFIX.length())).matches()) {
            return Optional.empty();
        }
        return Optional.of("client id must be '" + who.name() + "' or '" + who.name() + "/<suffix>'"
                + (who.role() == Role.WORKER ? " or '" + WORKER_PREFIX + "<suffix>'" : ""));
    }

    /** Whether a name of a role other than WORKER would collide with the workers' client ids. */
    public static boolean reservedForWorkers(String name) {
        return name.startsWith(WORKER_PREFIX);
    }
}
