package dev.calor.e2e.bench;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peak, then the reconnect storm under the same connections, on a {@link HeldPipeline} of their own:
 * as many patches as the plan's peak asks for, or as the open-files limit leaves room for.
 *
 * @param peak the peak's figures, null when it did not run
 * @param storm the storm's figures, null when it did not run
 */
record HeldConnectionsRun(PeakPhase.Result peak, StormPhase.Result storm) {

    private static final Logger LOG = LoggerFactory.getLogger(HeldConnectionsRun.class);

    static HeldConnectionsRun run(BenchPlan plan, String influxUrl, BenchResults results) throws InterruptedException {
        if (plan.peakDevices() == 0) {
            results.note("peak and storm: skipped (0 patches)");
            return new HeldConnectionsRun(null, null);
        }
        OpenFiles limits = OpenFiles.ofThisProcess();
        int patches = limits.connectionsFor(plan.peakDevices());
        if (patches == 0) {
            results.note("peak and storm: skipped, the open-files limit " + limits.hard() + " leaves no room");
            return new HeldConnectionsRun(null, null);
        }
        Duration timeout = plan.settleTimeout();
        PeakPhase.Result peak = null;
        StormPhase.Result storm = null;
        try (HeldPipeline held = HeldPipeline.start(patches, influxUrl)) {
            peak = PeakPhase.run(held, plan.peakDevices(), plan.backlog(), timeout);
            peak.addTo(results);
            storm = StormPhase.run(held, timeout);
            storm.addTo(results);
        } catch (RuntimeException e) {
            LOG.error("peak or storm failed", e);
            results.note("peak and storm: failed: " + e.getMessage());
        }
        return new HeldConnectionsRun(peak, storm);
    }
}
