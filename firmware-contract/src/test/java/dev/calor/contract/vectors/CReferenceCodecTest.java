package dev.calor.contract.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compiles the C reference codec (firmware-contract/c, with -Werror) and runs it against the same vector
 * files as {@link VectorsTest}, so {@code mvn verify} fails when C and Java disagree; then fuzzes the C decoders
 * with 200 000 random and mutated inputs under AddressSanitizer and UBSan ({@code make check}). Needs gcc and make;
 * {@code -Dcalor.skipC=true} skips it on a machine without them.
 */
class CReferenceCodecTest {

    @Test
    @Timeout(120)
    void cCodecPassesEveryVector() throws IOException, InterruptedException {
        Assumptions.assumeFalse(Boolean.getBoolean("calor.skipC"), "C codec skipped by -Dcalor.skipC=true");
        Path build = Path.of("target", "c-build").toAbsolutePath();
        Process make = new ProcessBuilder(List.of("make", "-C", "c", "check", "BUILD=" + build))
                .redirectErrorStream(true)
                .start();
        String output;
        try (var in = make.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(make.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as(output).isZero();
        long vectors = Vector.all().size();
        assertThat(output).contains("C reference codec: " + (vectors + 1) + " passed, 0 failed");
        assertThat(output).contains("C fuzz: 200000 inputs").contains("no memory error or undefined behaviour");
    }
}
