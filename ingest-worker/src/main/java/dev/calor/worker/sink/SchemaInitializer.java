package dev.calor.worker.sink;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.exceptions.InfluxException;
import dev.calor.worker.config.InfluxSettings;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates what the worker writes into, idempotently (run it as often as you like). On InfluxDB 1.x: the
 * database, the retention policy for raw points (30 days, default), one for one-minute roll-ups (2
 * years) and the continuous query that fills them with mean/min/max. On 2.x/3.x the bucket and the
 * roll-up task are the operator's (the README has the Flux task); nothing is created there.
 */
public final class SchemaInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaInitializer.class);
    public static final String RAW_DURATION = "30d";
    public static final String ROLLUP_DURATION = "104w";
    public static final String CONTINUOUS_QUERY = "cq_body_temperature_1m";
    /** How far back the continuous query recomputes every minute. */
    public static final String RESAMPLE_FOR = "2h";

    public static final long RESAMPLE_FOR_NS = 2 * 3_600_000_000_000L;

    private SchemaInitializer() {}

    /** @return the statements that were run */
    public static List<String> init(InfluxDBClient client, InfluxSettings s) {
        if (!s.isV1()) {
            LOG.info(
                    "InfluxDB 2.x/3.x: bucket {} and the roll-up task are managed by the operator (see README)",
                    s.bucket());
            return List.of();
        }
        String db = quote(s.database());
        String rp = quote(s.retentionPolicy());
        String rollup = quote(Schema.ROLLUP_RETENTION_POLICY);
        // RESAMPLE: every minute, recompute the last RESAMPLE_FOR, so readings that arrive late (a bridge's
        // backlog) still reach the roll-up; older backlogs are covered by RollupBackfill
        String cq = "CREATE CONTINUOUS QUERY " + CONTINUOUS_QUERY + " ON " + db + " RESAMPLE EVERY 1m FOR "
                + RESAMPLE_FOR + " BEGIN " + rollupSelect(db, rp) + " GROUP BY time(1m), * END";
        List<String> statements = List.of(
                "CREATE DATABASE " + db,
                retentionPolicy(rp, db, RAW_DURATION, true),
                retentionPolicy(rollup, db, ROLLUP_DURATION, false),
                cq);
        for (String q : statements) {
            run(client, s.database(), q);
        }
        LOG.info(
                "InfluxDB database {} ready: raw points in {} ({}), 1-minute roll-ups in {} ({})",
                s.database(),
                s.retentionPolicy(),
                RAW_DURATION,
                Schema.ROLLUP_RETENTION_POLICY,
                ROLLUP_DURATION);
        return statements;
    }

    /** The roll-up's SELECT … INTO … FROM, shared by the continuous query and the backfill. */
    static String rollupSelect(String quotedDb, String quotedRp) {
        return "SELECT mean(core_celsius) AS core_mean, min(core_celsius) AS core_min, max(core_celsius) AS core_max,"
                + " mean(celsius) AS celsius_mean, count(celsius) AS readings"
                + " INTO " + quotedDb + "." + quote(Schema.ROLLUP_RETENTION_POLICY) + "." + Schema.BODY_TEMPERATURE_1M
                + " FROM " + quotedDb + "." + quotedRp + "." + Schema.BODY_TEMPERATURE;
    }

    private static String retentionPolicy(String rp, String db, String duration, boolean isDefault) {
        return "RETENTION POLICY " + rp + " ON " + db + " DURATION " + duration + " REPLICATION 1"
                + (isDefault ? " DEFAULT" : "");
    }

    private static void run(InfluxDBClient client, String db, String statement) {
        if (statement.startsWith("RETENTION POLICY")) {
            try {
                query(client, db, "CREATE " + statement);
            } catch (InfluxException e) {
                if (!String.valueOf(e.getMessage()).contains("already exists")) {
                    throw e;
                }
                query(client, db, "ALTER " + statement);
            }
            return;
        }
        try {
            query(client, db, statement);
        } catch (InfluxException e) {
            if (statement.startsWith("CREATE CONTINUOUS QUERY")
                    && String.valueOf(e.getMessage()).contains("already exists")) {
                query(client, db, "DROP CONTINUOUS QUERY " + CONTINUOUS_QUERY + " ON " + quote(db));
                query(client, db, statement);
                return;
            }
            throw e;
        }
    }

    private static void query(InfluxDBClient client, String db, String q) {
        LOG.debug("InfluxQL: {}", q);
        client.getInfluxQLQueryApi().query(new InfluxQLQuery(q, db));
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\\\"") + "\"";
    }
}
