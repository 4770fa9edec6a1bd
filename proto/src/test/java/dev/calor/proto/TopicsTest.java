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

    @Test
    void validIdIsExactlyTheDocumentedPattern() {
        java.util.regex.Pattern documented = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        java.util.Random random = new java.util.Random(15);
        String alphabet = "aZ09._-/+# \u00e9\n";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(70);
            for (int j = 0; j < length; j++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(Topics.isValidId(id.toString()))
                    .as("'%s'", id)
                    .isEqualTo(documented.matcher(id).matches());
        }
        assertThat(Topics.isValidId("a".repeat(64))).isTrue();
        assertThat(Topics.isValidId("a".repeat(65))).isFalse();
        assertThat(Topics.isValidId(null)).isFalse();
    }
}
