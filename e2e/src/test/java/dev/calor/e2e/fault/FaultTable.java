package dev.calor.e2e.fault;

import java.util.List;
import java.util.Locale;

/** The fault suites' table, in Markdown (readable on a terminal as well). */
final class FaultTable {

    /** The single-node suite's columns. */
    static final String SINGLE_NODE_COLUMNS =
            "| case | sent | stored | lost | duplicates delivered | alerts raised | double alerts | recovery s | notes |";

    private FaultTable() {}

    static String markdown(List<CaseResult> results, String machine) {
        return markdown(
                "Calor fault suite",
                SINGLE_NODE_COLUMNS,
                results,
                machine,
                "sent: readings the simulated patches took; stored: distinct readings of that patch in InfluxDB"
                        + " (each must be there exactly once); duplicates delivered: deliveries to the ingest stage"
                        + " beyond the first (absorbed by idempotent writes); recovery: fault end until every reading"
                        + " taken before it is queryable.");
    }

    /** A table titled {@code title} whose nine {@code columns} name the fields of {@link CaseResult} in order. */
    static String markdown(String title, String columns, List<CaseResult> results, String machine, String legend) {
        StringBuilder out = new StringBuilder();
        out.append("# ")
                .append(title)
                .append("\n\n")
                .append(machine)
                .append("\n\n")
                .append(columns)
                .append('\n')
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (CaseResult r : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d%s | %d | %s | %s |%n",
                    r.name(),
                    r.sent(),
                    r.stored(),
                    r.lost(),
                    r.duplicatesDelivered(),
                    r.alertsRaised(),
                    r.alertKinds().isEmpty() ? "" : " (" + r.alertKinds() + ")",
                    r.doubleAlerts(),
                    r.recoverySeconds() < 0 ? "never" : String.format(Locale.ROOT, "%.1f", r.recoverySeconds()),
                    r.note()));
        }
        out.append('\n').append(legend).append('\n');
        return out.toString();
    }
}
