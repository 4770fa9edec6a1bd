package dev.calor.e2e.bench;

/**
 * What a benchmark phase hands back: a small record of its figures that knows how to add them (keys, table
 * rows, sample counts, chart series) to the run's {@link BenchResults}. {@link BenchRun} calls {@link
 * BenchResults#add(PhaseResult)} with it, so a new phase needs no change to the results document.
 */
public interface PhaseResult {

    void addTo(BenchResults results);
}
