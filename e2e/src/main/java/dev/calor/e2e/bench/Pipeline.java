package dev.calor.e2e.bench;

import java.util.List;

/** The Calor pipeline a benchmark phase drives: where to publish, how to count what got stored. */
interface Pipeline {

    String brokerHost();

    int brokerPort();

    /** Device passwords: {@code {device}} is replaced by the device id. */
    String passwordTemplate();

    /** Readings stored in InfluxDB for devices whose id starts with {@code devicePrefix}. */
    long storedReadings(String devicePrefix);

    /** Readings stored in InfluxDB for exactly this device. */
    long storedReadingsOf(String deviceId);

    /** Footprint of each server process of the pipeline, read now. */
    List<ProcessFootprint> footprints();
}
