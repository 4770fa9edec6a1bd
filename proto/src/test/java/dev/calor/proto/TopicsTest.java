package dev.calor.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void buildsAndParsesDeviceTopics() {
        assertThat(Topics.readings("patch-0001")).isEqualTo("calor/v1/devices/patch-0001/readings");
        assertThat(Topics.deviceOfReadings("calor/v1/devices/patch-0001/readings"))
                .contains("patch-0001");
        assertThat(Topics.deviceOfReadings("calor/v1/devices/a/b/readings")).isEmpty();
        assertThat(Topics.deviceOfStatus("calor/v1/devices/patch-0001/status")).contains("patch-0001");
        assertThat(Topics.patientOfAlerts("calor/v1/patients/P1/alerts")).contains("P1");
        assertThat(Topics.deviceOfIngest("calor/v1/ingest/3/patch-0001")).contains("patch-0001");
    }

    @Test
    void shardIsCrc32OfTheDeviceIdModuloTheShardCount() {
        // CRC-32("patch-0001") = 0x... ; the value is pinned so a change of hash is caught.
        int shard = Topics.shardOf("patch-0001", 16);
        assertThat(shard).isEqualTo(Topics.shardOf("patch-0001", 16)).isBetween(0, 15);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(crc.getValue()).isEqualTo(0xCBF43926L);
        assertThat(Topics.shardOf("123456789", 1024)).isEqualTo((int) (0xCBF43926L % 1024));
    }

    @Test
    void refusesIdsThatCouldEscapeATopicLevel() {
        assertThat(Topics.isValidId("a/b")).isFalse();
        assertThat(Topics.isValidId("+")).isFalse();
        assertThat(Topics.isValidId("#")).isFalse();
        assertThat(Topics.isValidId("")).isFalse();
        assertThatThrownBy(() -> Topics.readings("x/#")).isInstanceOf(IllegalArgumentException.class);
    }
}
