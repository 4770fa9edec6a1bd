package dev.calor.edgebridge.time;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides whether the bridge's own wall clock may be believed, before the bridge sets a patch's clock
 * (TIME_SET) or checks a device time against its own. A clock before {@link #EARLIEST_PLAUSIBLE} is never
 * believed (a board without a real-time clock boots in 1970). With {@link SyncCheck#TIMESYNCD} the clock is
 * believed only while systemd-timesyncd's marker file exists (it is created on the first synchronisation
 * and removed when the service stops); {@link SyncCheck#AUTO} uses the marker when timesyncd runs on the
 * machine (its runtime directory exists) and plausibility alone otherwise; {@link SyncCheck#NONE}
 * plausibility alone (a gateway with a battery-backed RTC, or chrony without timesyncd).
 *
 * <p>After a wall-clock jump ({@link #jumped()}) the clock is not believed for {@link #DEFAULT_SETTLE}: either
 * side of a step may be the wrong one, and a TIME_SET in that time would carry the error into every patch
 * that says hello. timesyncd touching its marker after the jump (a successful synchronisation) ends the
 * doubt at once.
 */
public final class ClockJudge {

    public static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2020-01-01T00:00:00Z");
    public static final Path TIMESYNCD_MARKER = Path.of("/run/systemd/timesync/synchronized");
    public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(10);

    public enum SyncCheck {
        AUTO,
        TIMESYNCD,
        NONE
    }

    private final Clock wall;
    private final Clock stable;
    private final SyncCheck check;
    private final Path marker;
    private final Duration settle;
    private volatile Instant jumpedAt; // stable clock
    private volatile Instant jumpedAtWall;

    public ClockJudge(Clock wall, Clock stable, SyncCheck check, Path marker, Duration settle) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.stable = Objects.requireNonNull(stable, "stable");
        this.check = Objects.requireNonNull(check, "check");
        this.marker = Objects.requireNonNull(marker, "marker");
        this.settle = Objects.requireNonNull(settle, "settle");
    }

    public ClockJudge(Clock wall, SyncCheck check, Path marker) {
        this(wall, wall, check, marker, DEFAULT_SETTLE);
    }

    public static ClockJudge plausibleOnly(Clock wall) {
        return new ClockJudge(wall, SyncCheck.NONE, TIMESYNCD_MARKER);
    }

    /** The wall clock was just seen to jump: doubt it for the settle time. */
    public void jumped() {
        jumpedAt = stable.instant();
        jumpedAtWall = wall.instant();
    }

    /** Whether the wall clock is believed to be UTC now. */
    public boolean synchronised() {
        if (wall.instant().isBefore(EARLIEST_PLAUSIBLE)) {
            return false;
        }
        Instant jump = jumpedAt;
        if (jump != null && stable.instant().isBefore(jump.plus(settle)) && !syncedSince(jumpedAtWall)) {
            return false;
        }
        return switch (check) {
            case NONE -> true;
            case TIMESYNCD -> Files.exists(marker);
            case AUTO -> !Files.isDirectory(marker.getParent()) || Files.exists(marker);
        };
    }

    private boolean syncedSince(Instant wallInstant) {
        try {
            return Files.exists(marker)
                    && !Files.getLastModifiedTime(marker).toInstant().isBefore(wallInstant);
        } catch (IOException e) {
            return false;
        }
    }
}
