package dev.calor.edgebridge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.edgebridge.buffer.BufferedReading;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {

    private static BufferedReading reading(String device, int seq) {
        return new BufferedReading(
                seq,
                device,
                Reading.newBuilder().setSequence(seq).setBootEpoch(2).build());
    }

    @Test
    void buildsACurrentSchemaBatchWithTheReadingsInBufferOrderAndTheStatus() {
        DeviceStatus status = DeviceStatus.newBuilder()
                .setDeviceId("p1")
                .setBatteryPercent(80)
                .build();
        ReadingBatch batch = BatchAssembler.assemble(
                "p1", "bridge-a", 42, List.of(reading("p1", 7), reading("p1", 8)), 1_000L, status);

        assertThat(batch.getSchemaVersion()).isEqualTo(SchemaVersions.CURRENT);
        assertThat(batch.getDeviceId()).isEqualTo("p1");
        assertThat(batch.getBridgeId()).isEqualTo("bridge-a");
        assertThat(batch.getBatchId()).isEqualTo(42);
        assertThat(batch.getCreatedTimeUnixNs()).isEqualTo(1_000L);
        assertThat(batch.getReadingsList()).extracting(Reading::getSequence).containsExactly(7, 8);
        assertThat(batch.getStatus().getBatteryPercent()).isEqualTo(80);
    }

    @Test
    void refusesAReadingOfAnotherDevice() {
        assertThatThrownBy(() -> BatchAssembler.assemble("p1", "b", 1, List.of(reading("p2", 1)), 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
