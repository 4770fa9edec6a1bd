package dev.calor.e2e.pipeline;

import dev.calor.testsupport.InfluxHttp;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the demo sees of a started pipeline, single-node ({@link LocalPipeline}) or scaled out ({@link ClusterPipeline}). */
public interface RunningPipeline extends BridgeHost, AutoCloseable {

    InfluxHttp influx();

    /** The InfluxDB server the pipeline started, or null when it uses an existing one. */
    InfluxServer ownInflux();

    /** Where bridges, patches and caregivers connect: the broker, or HAProxy in front of the broker nodes. */
    int mqttPort();

    /** Every process started, by name. */
    Map<String, JavaProcess> processes();

    Path logOf(String name);

    /** Readings of a device in InfluxDB. */
    long storedReadings(String deviceId);

    /** Starts the edge bridge {@code bridge} serving the pipeline's patch on a serial port. */
    JavaProcess startBridge(Path serialPort);

    /** Starts any Calor main class as a process of this pipeline, logging to {@code <dir>/<name>.log}. */
    JavaProcess startJava(String name, String mainClass, List<String> args);

    @Override
    void close();
}
