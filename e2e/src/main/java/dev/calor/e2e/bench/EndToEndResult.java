package dev.calor.e2e.bench;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The figures of the end-to-end phase: the sustainable rate and its ratio to influxd's raw ingest, the
 * publish-to-queryable and alert latencies of the confirmation under load, the half-rate latency, the search
 * steps, and the series of the charts.
 *
 * @param devices patches of the phase, every one checked against the worker's care circle
 * @param offAlertPath those of them whose readings would not reach the alert engine with a caregiver to tell
 * @param acknowledged readings the broker acknowledged over every step of the phase (warm-up included)
 * @param stored readings of the phase's patches in InfluxDB once the phase settled
 * @param rawPointsPerSecond influxd's raw line-protocol ingest in the same run, NaN when not measured
 */
record EndToEndResult(
        LoadPlan plan,
        RateSearch.Outcome search,
        List<EndToEndPhase.Confirmation> confirmations,
        StepResult halfRate,
        int devices,
        List<String> offAlertPath,
        long acknowledged,
        long stored,
        double rawPointsPerSecond)
        implements PhaseResult {

    EndToEndResult withRawIngest(double pointsPerSecond) {
        return new EndToEndResult(
                plan, search, confirmations, halfRate, devices, offAlertPath, acknowledged, stored, pointsPerSecond);
    }

    EndToEndPhase.Confirmation confirmation() {
        return confirmations.get(confirmations.size() - 1);
    }

    boolean sustained() {
        return confirmation().step().unsustainable().isEmpty();
    }

    double sustainableRate() {
        return sustained() ? confirmation().step().settings().rate() : Double.NaN;
    }

    @Override
    public void addTo(BenchResults r) {
        r.flag("alerting_on_path", offAlertPath.isEmpty());
        r.figure("end_to_end.patches", "patches in the care circle (each its own patient and connection)", devices, "");
        StepResult c = confirmation().step();
        r.sampled(
                "end_to_end.sustainable_readings_per_s",
                String.format(
                        Locale.ROOT,
                        "sustainable end to end (p99 publish->queryable < 1 s for %d s, no growing backlog)",
                        c.settings().duration().toSeconds()),
                sustainableRate(),
                "rdg/s",
                c.batches());
        r.figure(
                "end_to_end.raw_ingest_points_per_s",
                "influxd raw line-protocol ingest, same run",
                rawPointsPerSecond,
                "pts/s");
        r.figure(
                "end_to_end.ratio_to_raw_ingest",
                "ratio sustainable / raw ingest",
                sustainableRate() / rawPointsPerSecond,
                "");
        double cpu = confirmation().serverCpuSeconds() > 0 ? confirmation().serverCpuSeconds() : Double.NaN;
        r.figure("end_to_end.confirmation.server_cpu_s", "confirmation: CPU of broker + worker + influxd", cpu, "s");
        ServerCpu each = confirmation().cpu();
        r.figure("end_to_end.confirmation.broker_cpu_s", "confirmation: CPU of the broker", each.broker(), "s");
        r.figure("end_to_end.confirmation.worker_cpu_s", "confirmation: CPU of the worker", each.worker(), "s");
        r.figure(
                "end_to_end.confirmation.influxd_cpu_s",
                "confirmation: CPU of influxd (its writes and the queryable polls)",
                each.influxd(),
                "s");
        r.sampled(
                "end_to_end.worker_cpu_us_per_reading",
                "worker CPU per reading (confirmation)",
                each.worker() * 1e6 / c.readingsQueryable(),
                "µs",
                c.readingsQueryable());
        r.sampled(
                "end_to_end.readings_per_cpu_s",
                "readings per CPU-second end to end (broker + worker + influxd, confirmation)",
                c.readingsQueryable() / cpu,
                "rdg/CPU-s",
                c.readingsQueryable());
        r.sampled(
                "end_to_end.cpu_us_per_reading",
                "CPU per reading end to end (broker + worker + influxd, confirmation)",
                cpu * 1e6 / c.readingsQueryable(),
                "µs",
                c.readingsQueryable());
        r.figure(
                "end_to_end.batch_size",
                "readings per publish (as the edge bridge batches: publish interval / patch reading interval)",
                plan.batchSize(),
                "");
        r.figure(
                "end_to_end.load_shape.publish_interval_s",
                "load shape: the edge bridge's publish interval (its default)",
                plan.shape().publishInterval().toMillis() / 1e3,
                "s");
        r.figure(
                "end_to_end.load_shape.patch_reading_interval_s",
                "load shape: a patch reads every (the shape's assumption)",
                plan.shape().patchReadingInterval().toMillis() / 1e3,
                "s");
        r.figure(
                "end_to_end.confirmation.patch_reading_interval_s",
                "confirmation: each patch read every (patches / offered rate)",
                devices / c.settings().rate(),
                "s");
        r.figure(
                "end_to_end.confirmation.readings_per_s",
                "confirmation: offered rate",
                c.settings().rate(),
                "rdg/s");
        r.figure("end_to_end.confirmation.readings_sent", "confirmation: readings sent", c.readingsSent(), "");
        r.figure(
                "end_to_end.confirmation.readings_acknowledged",
                "confirmation: readings acknowledged by the broker",
                c.readingsAcknowledged(),
                "");
        r.figure("end_to_end.confirmation.readings_refused", "confirmation: readings refused", c.readingsRefused(), "");
        r.figure(
                "end_to_end.confirmation.readings_queryable",
                "confirmation: readings queryable",
                c.readingsQueryable(),
                "");
        r.figure(
                "end_to_end.confirmation.not_queryable_after_drain",
                "confirmation: readings not queryable " + plan.drain().toSeconds() + " s after the last send",
                c.readingsSent() - c.readingsQueryable(),
                "");
        r.figure(
                "end_to_end.readings_acknowledged",
                "every step: readings acknowledged by the broker",
                acknowledged,
                "");
        r.figure("end_to_end.readings_stored", "every step: readings stored in InfluxDB", stored, "");
        r.figure("end_to_end.lost", "every step: lost (acknowledged - stored)", Math.max(0, acknowledged - stored), "");
        r.sampled(
                "end_to_end.confirmation.generator_lag_p99_ms",
                "confirmation: load generator lag behind schedule p99",
                c.generatorLagMicros().getValueAtPercentile(99) / 1000.0,
                "ms",
                c.generatorLagMicros().getTotalCount());
        r.figure(
                "end_to_end.confirmation.attempts",
                "confirmation attempts (each at 0.8 of the last)",
                confirmations.size(),
                "");

        r.latency("latency.publish_to_queryable", "publish -> queryable (confirmation)", c.queryableMicros());
        r.sampled(
                "latency.publish_to_queryable.resolution_ms",
                "publish -> queryable resolution: mean time between polls (values are upper bounds)",
                c.meanPollIntervalMillis(),
                "ms",
                c.polls());
        r.sampled(
                "latency.publish_to_queryable.poll_mean_ms",
                "queryable watch: mean InfluxDB query time",
                c.meanPollMillis(),
                "ms",
                c.polls());
        r.latency("latency.publish_to_puback", "publish -> PUBACK (confirmation)", c.pubackMicros());
        AlertWatch.Outcome alerts = confirmation().alerts();
        r.latency("latency.alert", "fever due -> RAISED at the caregiver (confirmation)", alerts.micros());
        r.figure("latency.alert.episodes_due", "fever episodes due under load", alerts.due(), "");
        r.figure("latency.alert.missing", "fever episodes due and not raised", alerts.missing(), "");
        r.figure(
                "latency.half_rate.readings_per_s",
                "half rate: offered rate",
                halfRate.settings().rate(),
                "rdg/s");
        r.latency(
                "latency.half_rate.publish_to_queryable",
                "publish -> queryable at half rate",
                halfRate.queryableMicros());

        for (int i = 0; i < search.steps().size(); i++) {
            StepResult s = search.steps().get(i);
            r.sampled(
                    "end_to_end.search.step_" + (i + 1) + "_p99_ms",
                    String.format(
                            Locale.ROOT,
                            "search step %d: %,.0f rdg/s for %d s, publish->queryable p99%s",
                            i + 1,
                            s.settings().rate(),
                            s.settings().duration().toSeconds(),
                            s.unsustainable().isEmpty() ? "" : " (not sustainable)"),
                    s.p99Millis(),
                    "ms",
                    s.queryableMicros().getTotalCount());
        }
        notes(r, c);
        charts(r, c);
    }

    private void notes(BenchResults r, StepResult c) {
        if (!offAlertPath.isEmpty()) {
            r.note("end to end: " + offAlertPath.size() + " patches are not on the alert path, e.g. "
                    + offAlertPath.get(0));
        }
        if (search.steps().isEmpty()) {
            r.note("end to end: no search, the rate was fixed at " + BenchResults.format(plan.fixedRate()) + " rdg/s");
        } else if (search.steps().stream().allMatch(s -> s.unsustainable().isEmpty())) {
            r.note("end to end: every search step held; the sustainable rate may be higher than the search reached");
        }
        for (StepResult s : search.steps()) {
            s.unsustainable().ifPresent(w -> r.note("end to end: " + s.name() + " not sustainable: " + w));
        }
        for (EndToEndPhase.Confirmation k : confirmations) {
            k.step()
                    .unsustainable()
                    .ifPresent(w -> r.note("end to end: " + k.step().name() + " did not hold: " + w));
        }
        AlertWatch.Outcome alerts = confirmation().alerts();
        if (alerts.early() > 0 || alerts.unexpected() > 0) {
            r.note("alerts: the worker and the replayed engine disagree: " + alerts.early()
                    + " raised before their due reading was sent, " + alerts.unexpected()
                    + " raised without being due");
        }
        r.note(String.format(
                Locale.ROOT,
                "method: open-loop constant rate from %d load patches and %d fever patches (healthy until %d of them"
                        + " go into fever in a confirmation), latency from each batch's intended send time; a batch"
                        + " is queryable at the first %d ms poll that counts its readings in InfluxDB",
                plan.patches(),
                plan.feverPatients() * plan.confirmAttempts(),
                plan.feverPatients(),
                plan.pollPeriod().toMillis()));
        if (c.readingsSent() != c.readingsQueryable()) {
            r.note("end to end: " + (c.readingsSent() - c.readingsQueryable())
                    + " readings of the confirmation were not queryable after the drain");
        }
    }

    private void charts(BenchResults r, StepResult c) {
        if (!search.steps().isEmpty()) {
            StepResult first = search.steps().get(0);
            StepResult lastStep = search.steps().get(search.steps().size() - 1);
            int seconds = (int) ((lastStep.startNanos() - first.startNanos()) / 1_000_000_000L
                    + lastStep.settings()
                            .duration()
                            .plus(lastStep.settings().drain())
                            .toSeconds()
                    + 5);
            TimeSeries[] merged = new TimeSeries[first.series().size()];
            for (int i = 0; i < merged.length; i++) {
                merged[i] = new TimeSeries(first.series().get(i).name(), first.startNanos(), seconds);
                for (StepResult s : search.steps()) {
                    long[] counts = s.series().get(i).perSecond();
                    for (int t = 0; t < counts.length; t++) {
                        merged[i].add(s.startNanos() + t * 1_000_000_000L, counts[t]);
                    }
                }
            }
            r.throughput("rate search", merged);
            for (StepResult s : search.steps()) {
                r.latencyCurve(
                        "rate search",
                        String.format(Locale.ROOT, "%,.0f rdg/s", s.settings().rate()),
                        s.queryableMicros());
            }
        }
        r.throughput("confirmation", c.series().toArray(TimeSeries[]::new));
        r.latencyCurve("confirmation", "publish -> queryable", c.queryableMicros());
        r.latencyCurve("confirmation", "publish -> PUBACK", c.pubackMicros());
        Histogram alerts = confirmation().alerts().micros();
        if (alerts.getTotalCount() > 0) {
            r.latencyCurve("confirmation", "fever due -> alert at the caregiver", alerts);
        }
        r.throughput("half rate", halfRate.series().toArray(TimeSeries[]::new));
        r.latencyCurve("half rate", "publish -> queryable", halfRate.queryableMicros());
        r.latencyCurve("half rate", "publish -> PUBACK", halfRate.pubackMicros());
    }
}
