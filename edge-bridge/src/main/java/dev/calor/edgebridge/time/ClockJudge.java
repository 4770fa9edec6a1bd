package dev.calor.edgebridge.time;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 */
public final class ClockJudge {

    public static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2020-01-01T00:00:00Z");
    public static final Path TIMESYNCD_MARKER = Path.of("/run/systemd/timesync/synchronized");

    public enum SyncCheck {
        AUTO,
        TIMESYNCD,
        NONE
    }

    private final Clock wall;
    private final SyncCheck check;
    private final Path marker;

    public ClockJudge(Clock wall, SyncCheck check, Path marker) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.check = Objects.requireNonNull(check, "check");
        this.marker = Objects.requireNonNull(marker, "marker");
    }

    public static ClockJudge plausibleOnly(Clock wall) {
        return new ClockJudge(wall, SyncCheck.NONE, TIMESYNCD_MARKER);
    }

    /** Whether the wall clock is believed to be UTC now. */
    public boolean synchronised() {
        if (wall.instant().isBefore(EARLIEST_PLAUSIBLE)) {
            return false;
        }
        return switch (check) {
            case NONE -> true;
            case TIMESYNCD -> Files.exists(marker);
            case AUTO -> !Files.isDirectory(marker.getParent()) || Files.exists(marker);
        };
    }
}
