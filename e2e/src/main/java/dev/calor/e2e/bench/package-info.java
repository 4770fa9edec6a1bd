/**
 * {@code ./calor bench}: the whole Calor pipeline measured on loopback.
 *
 * <p>{@link dev.calor.e2e.bench.BenchPipeline} starts the pipeline through {@link
 * dev.calor.e2e.pipeline.LocalPipeline}, as the demo does (influxd, the broker with the Calor extension, the ingest
 * worker and an edge bridge with a simulated serial patch, each its own process), with load-test files: every
 * device of every phase may connect and is worn by its own patient in the care circle, whom the benchmark's
 * caregiver cares for, so the alert engine runs on the measured path ({@code alerting_on_path}, checked with the
 * worker's own care-circle reader on the file its configuration names).
 *
 * <p>The end-to-end phase ({@link dev.calor.e2e.bench.EndToEndPhase}) offers open-loop, constant-rate load
 * ({@link dev.calor.e2e.bench.LoadStep}): batch k is due at {@code t0 + k·batch/rate} whatever happened to earlier
 * batches, and every latency is measured from that intended send time (HdrHistogram), so queueing under overload
 * shows instead of slowing the sender (no coordinated omission). When a batch becomes queryable is observed by
 * {@link dev.calor.e2e.bench.QueryableWatch}: one InfluxQL count per poll period over what is in flight, per patch,
 * so every batch is a sample without a query per batch. {@link dev.calor.e2e.bench.RateSearch} brackets the highest
 * rate at which publish-to-queryable p99 stays under 1 s with no growing backlog and nothing refused; the
 * confirmation holds it for 60 s (full profile) while fever patches go into fever at planned times; alert latency
 * runs from the intended send time of the reading that made the episode due, which {@link
 * dev.calor.e2e.bench.FeverReplay} finds by replaying the worker's own alert engine on the readings sent. Then a
 * step at half that rate. The quick profile runs a short bounded search and a 20 s confirmation.
 *
 * <p>Then the hourly peak ({@link dev.calor.e2e.bench.PeakPhase}), the footprint of each process and the
 * baselines. Phases hand back {@link dev.calor.e2e.bench.PhaseResult} records that add their figures (dotted JSON
 * keys, table rows, sample counts) and chart series to {@link dev.calor.e2e.bench.BenchResults}; {@link
 * dev.calor.e2e.bench.BenchCharts} draws throughput over time and latency percentile curves for each phase (PNG,
 * JFreeChart, headless) and an HTML page, next to the {@code --output} file.
 */
package dev.calor.e2e.bench;
