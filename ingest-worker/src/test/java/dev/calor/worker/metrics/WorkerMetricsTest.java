package dev.calor.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    @Test
    void countsRefusedCareCircleFilesFromTheWatchersRunningTotalAsACounter() throws IOException {
        WorkerMetrics metrics = new WorkerMetrics();

        metrics.careCircleRejectedReloads(0);
        metrics.careCircleRejectedReloads(2);
        metrics.careCircleRejectedReloads(2);
        metrics.careCircleRejectedReloads(3);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, metrics.registry().scrape());
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("# TYPE calor_worker_care_circle_reloads_rejected_total counter")
                .contains("calor_worker_care_circle_reloads_rejected_total 3.0");
    }
}
