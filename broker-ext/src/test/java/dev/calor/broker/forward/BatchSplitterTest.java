package dev.calor.broker.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.ReadingBatch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSplitterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant HAND_OVER = NOW.minusSeconds(150);

    private static final PatientAssignments ASSIGNMENTS = PatientAssignments.of(CareCircleRegistry.newBuilder()
            .addAssignments(DeviceAssignment.newBuilder()
                    .setDeviceId("patch-a")
                    .setPatientId("P1")
                    .setValidFrom(ts(Instant.EPOCH)))
            .addAssignments(DeviceAssignment.newBuilder()
                    .setDeviceId("patch-b")
                    .setPatientId("P2")
                    .setValidFrom(ts(Instant.EPOCH))
                    .setValidUntil(ts(HAND_OVER)))
            .addAssignments(DeviceAssignment.newBuilder()
                    .setDeviceId("patch-b")
                    .setPatientId("P3")
                    .setValidFrom(ts(HAND_OVER)))
            .build());

    @Test
    void batchOfAnAssignedDeviceIsOneRecordKeyedByThePatientWithTheBatchUnchanged() {
        ReadingBatch batch = TestBatches.valid("patch-a", NOW, 5).build();

        List<KeyedBatch> parts = BatchSplitter.split(batch, ASSIGNMENTS);

        assertThat(parts).containsExactly(new KeyedBatch("P1", true, batch));
    }

    @Test
    void batchOfAnUnassignedDeviceIsKeyedByTheDeviceId() {
        ReadingBatch batch = TestBatches.valid("patch-z", NOW, 2).build();

        assertThat(BatchSplitter.split(batch, ASSIGNMENTS)).containsExactly(new KeyedBatch("patch-z", false, batch));
    }

    @Test
    void batchSpanningAHandOverIsSplitByThePatientWearingThePatchAtEachSampleTime() {
        // readings 5, 4, 3, 2 and 1 minutes before NOW: 3 before the hand-over (2.5 minutes before), 2 after
        ReadingBatch batch = TestBatches.valid("patch-b", NOW, 5).build();

        List<KeyedBatch> parts = BatchSplitter.split(batch, ASSIGNMENTS);

        assertThat(parts).extracting(KeyedBatch::key).containsExactly("P2", "P3");
        assertThat(parts.get(0).batch().getReadingsList())
                .containsExactlyElementsOf(batch.getReadingsList().subList(0, 3));
        assertThat(parts.get(1).batch().getReadingsList())
                .containsExactlyElementsOf(batch.getReadingsList().subList(3, 5));
        assertThat(parts.get(1).batch().getDeviceId()).isEqualTo("patch-b");
        assertThat(parts.get(1).batch().getBatchId()).isEqualTo(batch.getBatchId());
    }

    @Test
    void sampleAtTheEndOfAnAssignmentBelongsToTheNextPatient() {
        long handOverNs = TestBatches.nanos(HAND_OVER);

        assertThat(ASSIGNMENTS.patientAt("patch-b", handOverNs - 1)).contains("P2");
        assertThat(ASSIGNMENTS.patientAt("patch-b", handOverNs)).contains("P3");
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }
}
