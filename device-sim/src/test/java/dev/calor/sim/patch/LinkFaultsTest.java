package dev.calor.sim.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.sim.scenario.LinkSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkFaultsTest {

    @Test
    void injectsFaultsAtRoughlyTheConfiguredRatesAndLosesNoFrame() {
        Map<LinkFaults.Kind, Integer> counts = new EnumMap<>(LinkFaults.Kind.class);
        LinkFaults faults = new LinkFaults(
                new LinkSpec(0.1, 0.05, 0.05, null, null, null), 7, k -> counts.merge(k, 1, Integer::sum));
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            out.addAll(faults.apply(new byte[] {1, (byte) (i & 0x7F), 0}));
        }
        out.addAll(faults.flush());
        assertThat(counts.get(LinkFaults.Kind.CORRUPTED)).isBetween(850, 1150);
        assertThat(counts.get(LinkFaults.Kind.DUPLICATED)).isBetween(400, 600);
        assertThat(counts.get(LinkFaults.Kind.REORDERED)).isBetween(350, 600);
        assertThat(out).hasSize(10_000 + counts.get(LinkFaults.Kind.DUPLICATED));
    }

    @Test
    void isDeterministicForASeed() {
        LinkSpec spec = new LinkSpec(0.2, 0.2, 0.2, null, null, null);
        LinkFaults a = new LinkFaults(spec, 3, k -> {});
        LinkFaults b = new LinkFaults(spec, 3, k -> {});
        for (int i = 0; i < 200; i++) {
            byte[] frame = {1, 2, 3, (byte) i, 0};
            List<byte[]> x = a.apply(frame);
            List<byte[]> y = b.apply(frame);
            assertThat(x).hasSameSizeAs(y);
            for (int j = 0; j < x.size(); j++) {
                assertThat(x.get(j)).containsExactly(y.get(j));
            }
        }
    }

    @Test
    void passesFramesUnchangedWithoutFaults() {
        LinkFaults none = new LinkFaults(LinkSpec.DEFAULT, 1, k -> {});
        byte[] frame = {5, 6, 0};
        assertThat(none.apply(frame)).containsExactly(frame);
    }
}
