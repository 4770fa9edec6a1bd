package dev.calor.e2e.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The run's pictures, drawn headless with JFreeChart: for each phase, throughput over time (readings per second
 * sent, acknowledged, queryable…) and latency percentile curves (x: 1/(1-q) on a log axis, so p90, p99 and
 * p99.9 are evenly spaced), as PNG files, and one HTML page with the table and every picture.
 */
final class BenchCharts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 450;

    private BenchCharts() {}

    /** Writes {@code <name>-*.png} and {@code <name>.html} into {@code dir}; returns the files written. */
    static List<Path> write(BenchResults results, Path dir, String name) {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        StringBuilder images = new StringBuilder();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, BenchResults.ChartData> e : results.charts().entrySet()) {
                String phase = e.getKey();
                String slug = Metric.slug(phase);
                if (!e.getValue().throughput().isEmpty()) {
                    Path png = dir.resolve(name + "-" + slug + "-throughput.png");
                    ChartUtils.saveChartAsPNG(png.toFile(), throughput(phase, e.getValue()), WIDTH, HEIGHT);
                    written.add(png);
                    images.append(img(png, phase + ": throughput over time"));
                }
                if (!e.getValue().latency().isEmpty()) {
                    Path png = dir.resolve(name + "-" + slug + "-latency.png");
                    ChartUtils.saveChartAsPNG(png.toFile(), latency(phase, e.getValue()), WIDTH, HEIGHT);
                    written.add(png);
                    images.append(img(png, phase + ": latency percentiles"));
                }
            }
            Path html = dir.resolve(name + ".html");
            Files.writeString(html, html(results, images.toString()), StandardCharsets.UTF_8);
            written.add(html);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark charts to " + dir, e);
        }
    }

    static JFreeChart throughput(String phase, BenchResults.ChartData data) {
        XYSeriesCollection lines = new XYSeriesCollection();
        for (TimeSeries s : data.throughput()) {
            XYSeries line = new XYSeries(s.name(), false, true);
            long[] counts = s.perSecond();
            for (int t = 0; t < counts.length; t++) {
                line.add(t, counts[t]);
            }
            lines.addSeries(line);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                phase + ": throughput",
                "seconds since the phase started",
                "readings per second",
                lines,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        style(chart);
        return chart;
    }

    static JFreeChart latency(String phase, BenchResults.ChartData data) {
        XYSeriesCollection curves = new XYSeriesCollection();
        for (Map.Entry<String, Histogram> e : data.latency().entrySet()) {
            Histogram h = e.getValue();
            XYSeries curve = new XYSeries(
                    String.format(Locale.ROOT, "%s (%,d samples)", e.getKey(), h.getTotalCount()), false, true);
            if (h.getTotalCount() > 0) {
                for (HistogramIterationValue v : h.percentiles(5)) {
                    double q = v.getPercentileLevelIteratedTo() / 100.0;
                    if (q < 1) {
                        curve.add(1 / (1 - q), v.getValueIteratedTo() / 1000.0);
                    }
                }
                curve.add(Math.max(2, h.getTotalCount()), h.getMaxValue() / 1000.0);
            }
            curves.addSeries(curve);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                phase + ": latency from the intended send time",
                "percentile",
                "milliseconds",
                curves,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("percentile (1 = p0, 10 = p90, 100 = p99, 1000 = p99.9)");
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1));
        x.setSmallestValue(1);
        plot.setDomainAxis(x);
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
        chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    private static String img(Path png, String alt) {
        return "<figure><img src=\"" + png.getFileName() + "\" alt=\"" + escape(alt) + "\"><figcaption>" + escape(alt)
                + "</figcaption></figure>\n";
    }

    private static String html(BenchResults results, String images) {
        StringBuilder rows = new StringBuilder();
        for (Metric m : results.metrics()) {
            rows.append("<tr><td>")
                    .append(escape(m.label()))
                    .append("</td><td class=n>")
                    .append(escape(BenchResults.format(m.value())))
                    .append(' ')
                    .append(escape(m.unit()))
                    .append("</td><td class=n>")
                    .append(m.samples() == Metric.NOT_SAMPLED ? "" : String.format(Locale.ROOT, "%,d", m.samples()))
                    .append("</td><td><code>")
                    .append(escape(m.key()))
                    .append("</code></td></tr>\n");
        }
        StringBuilder notes = new StringBuilder();
        results.notes().forEach(n -> notes.append("<li>").append(escape(n)).append("</li>\n"));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Calor benchmark (%s)</title>
                <style>body{font-family:sans-serif;max-width:960px;margin:2em auto}td{padding:2px 8px}
                .n{text-align:right}tr:nth-child(even){background:#f4f4f4}figure{margin:1em 0}</style></head>
                <body><h1>Calor benchmark, %s profile</h1><p>%s</p>
                <table><tr><th>figure</th><th>value</th><th>samples</th><th>key</th></tr>
                %s</table><ul>%s</ul>
                %s</body></html>
                """
                .formatted(
                        escape(results.profile()),
                        escape(results.profile()),
                        escape(results.machine()),
                        rows,
                        notes,
                        images);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
