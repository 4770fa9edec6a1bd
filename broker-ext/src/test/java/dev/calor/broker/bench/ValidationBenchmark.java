package dev.calor.broker.bench;

import dev.calor.broker.config.ValidationPolicy;
import dev.calor.broker.testing.TestBatches;
import dev.calor.broker.validation.BatchValidator;
import dev.calor.broker.validation.ValidationResult;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What validating one ReadingBatch costs the broker (parse + every check), by batch size. Run:
 * {@code java -cp <test class path> dev.calor.broker.bench.ValidationBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ValidationBenchmark {

    @Param({"1", "10", "100"})
    public int readings;

    private BatchValidator validator;
    private ByteBuffer valid;
    private ByteBuffer invalidLast;
    private Instant now;

    @Setup
    public void setUp() {
        now = Instant.now();
        validator = new BatchValidator(ValidationPolicy.defaults());
        var batch = TestBatches.valid("patch-0001", now, readings).build();
        valid = ByteBuffer.wrap(batch.toByteArray());
        var broken = batch.toBuilder()
                .setReadings(
                        readings - 1,
                        batch.getReadings(readings - 1).toBuilder().setTemperatureCelsius(99));
        invalidLast = ByteBuffer.wrap(broken.build().toByteArray());
    }

    @Benchmark
    public ValidationResult validBatch() {
        return validator.validate(valid, "patch-0001", now);
    }

    @Benchmark
    public ValidationResult batchWithLastReadingOutOfRange() {
        return validator.validate(invalidLast, "patch-0001", now);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                        .include(ValidationBenchmark.class.getSimpleName())
                        .build())
                .run();
    }
}
