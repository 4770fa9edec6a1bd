package dev.calor.edgebridge.status;

import dev.calor.edgebridge.config.IntakeSettings;
import dev.calor.edgebridge.transport.LinkState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a patch STALE when its link is up but nothing has been heard from it for longer than {@link
 * IntakeSettings#staleAfter(int)} allows (a hung patch, a cable that still enumerates, a BLE link the stack
 * has not noticed is gone), and ONLINE again when it speaks. Silence is measured on the stable clock.
 */
public final class SilenceWatch {

    private static final Logger LINK = LoggerFactory.getLogger("calor.event.patch-link");

    private final StatusBoard board;
    private final IntakeSettings settings;
    private final Clock stable;
    private final Map<String, Instant> lastHeard = new ConcurrentHashMap<>();

    public SilenceWatch(StatusBoard board, IntakeSettings settings, Clock stable) {
        this.board = board;
        this.settings = settings;
        this.stable = stable;
    }

    /** Something arrived from the patch. */
    public void heard(String deviceId) {
        lastHeard.put(deviceId, stable.instant());
        if (board.get(deviceId).link() == LinkState.STALE) {
            LINK.info("patch {} speaks again", deviceId);
            board.update(deviceId, s -> s.link() == LinkState.STALE ? s.withLink(LinkState.ONLINE) : s);
        }
    }

    /** Marks silent online patches STALE; call periodically. */
    public void check() {
        Instant now = stable.instant();
        board.all().forEach((device, state) -> {
            if (state.link() != LinkState.ONLINE) {
                return;
            }
            Instant since = lastHeard.computeIfAbsent(device, d -> now);
            Duration limit = settings.staleAfter(state.sampleIntervalSeconds());
            Duration silent = Duration.between(since, now);
            if (silent.compareTo(limit) > 0) {
                LINK.warn(
                        "patch {} silent for {} s (limit {} s): stale", device, silent.toSeconds(), limit.toSeconds());
                board.update(device, s -> s.link() == LinkState.ONLINE ? s.withLink(LinkState.STALE) : s);
            }
        });
    }
}
