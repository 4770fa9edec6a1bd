package dev.calor.worker.sink;

import java.util.List;

/** Makes one attempt to write line-protocol records (nanosecond precision); no retries here. */
public interface LineSink extends AutoCloseable {

    /** @throws SinkWriteException when InfluxDB did not accept every record */
    void write(List<String> lines);

    @Override
    void close();
}
