package dev.calor.sim.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.List;

/** Something that happens at a scenario time. {@code at} is scenario time since the start. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScenarioEvent.Fever.class, name = "fever"),
    @JsonSubTypes.Type(value = ScenarioEvent.Hypothermia.class, name = "hypothermia"),
    @JsonSubTypes.Type(value = ScenarioEvent.Detach.class, name = "detach"),
    @JsonSubTypes.Type(value = ScenarioEvent.Reboot.class, name = "reboot"),
    @JsonSubTypes.Type(value = ScenarioEvent.LinkLoss.class, name = "link-loss"),
    @JsonSubTypes.Type(value = ScenarioEvent.SensorError.class, name = "sensor-error"),
    @JsonSubTypes.Type(value = ScenarioEvent.Glitch.class, name = "glitch"),
    @JsonSubTypes.Type(value = ScenarioEvent.Activity.class, name = "activity")
})
public sealed interface ScenarioEvent {

    Duration at();

    /** Problems with this event's fields, each naming the field. */
    List<String> problems();

    /**
     * A fever episode: core temperature rises linearly by {@code peakCoreC} minus the patient's baseline,
     * stays for {@code plateau}, then falls back. With {@code chills} the first half hour of the rise is
     * shivering with cold, vasoconstricted skin (the skin-to-core gradient widens by 0.8 °C on the chest).
     * Each antipyretic lowers core by up to its {@code dropC}, acting over about 30 min and wearing off over
     * about 4 h.
     */
    record Fever(
            Duration at,
            Double peakCoreC,
            Double riseCPerHour,
            Duration plateau,
            Double fallCPerHour,
            Boolean chills,
            List<Antipyretic> antipyretics)
            implements ScenarioEvent {

        public Fever {
            chills = chills != null && chills;
            antipyretics = antipyretics == null ? List.of() : List.copyOf(antipyretics);
        }

        /** A fever without chills or antipyretics. */
        public Fever(Duration at, Double peakCoreC, Double riseCPerHour, Duration plateau, Double fallCPerHour) {
            this(at, peakCoreC, riseCPerHour, plateau, fallCPerHour, false, List.of());
        }

        @Override
        public List<String> problems() {
            Checks c = Checks.of()
                    .atLeastZero("at", at)
                    .range("peakCoreC", peakCoreC, 37.0, 43.0)
                    .range("riseCPerHour", riseCPerHour, 0.01, 100.0)
                    .atLeastZero("plateau", plateau)
                    .range("fallCPerHour", fallCPerHour, 0.01, 100.0);
            for (int i = 0; i < antipyretics.size(); i++) {
                Antipyretic a = antipyretics.get(i);
                c.atLeastZero("antipyretics[" + i + "].at", a == null ? null : a.at())
                        .range("antipyretics[" + i + "].dropC", a == null ? null : a.dropC(), 0.0, 3.0);
            }
            return c.list();
        }
    }

    /** A dose of paracetamol or ibuprofen at {@code at}, lowering core by up to {@code dropC}. */
    record Antipyretic(Duration at, Double dropC) {}

    /** Core temperature falls linearly to {@code lowestCoreC}, stays for {@code duration}, then recovers at the same rate. */
    record Hypothermia(Duration at, Double lowestCoreC, Double rateCPerHour, Duration duration)
            implements ScenarioEvent {
        @Override
        public List<String> problems() {
            return Checks.of()
                    .atLeastZero("at", at)
                    .range("lowestCoreC", lowestCoreC, 25.0, 36.5)
                    .range("rateCPerHour", rateCPerHour, 0.01, 100.0)
                    .atLeastZero("duration", duration)
                    .list();
        }
    }

    /** The patch comes off the skin for {@code duration} (falls toward the room), then is re-attached and warms up. */
    record Detach(Duration at, Duration duration) implements ScenarioEvent {
        @Override
        public List<String> problems() {
            return Checks.of()
                    .atLeastZero("at", at)
                    .positive("duration", duration)
                    .list();
        }
    }

    /** The patch reboots: new boot epoch, sequence restarts at 1; with {@code clockLoss} its clock is unset. */
    record Reboot(Duration at, Boolean clockLoss) implements ScenarioEvent {
        @Override
        public List<String> problems() {
            return Checks.of().atLeastZero("at", at).list();
        }

        public boolean losesClock() {
            return clockLoss == null || clockLoss;
        }
    }

    /** The serial line is dead for {@code duration}: nothing is sent or received; readings are kept. */
    record LinkLoss(Duration at, Duration duration) implements ScenarioEvent {
        @Override
        public List<String> problems() {
            return Checks.of()
                    .atLeastZero("at", at)
                    .positive("duration", duration)
                    .list();
        }
    }

    /** The sensor fails for {@code duration}: readings carry the IEEE 11073 NaN and the SENSOR_ERROR flag. */
    record SensorError(Duration at, Duration duration) implements ScenarioEvent {
        @Override
        public List<String> problems() {
            return Checks.of()
                    .atLeastZero("at", at)
                    .positive("duration", duration)
                    .list();
        }
    }

    /**
     * One reading at {@code at} is wrong by 2 to 4 °C either way (a sensor glitch: electrical noise, a
     * knock), with no flag: the reading looks plausible to the bridge.
     */
    record Glitch(Duration at) implements ScenarioEvent {
        @Override
        public List<String> problems() {
            return Checks.of().atLeastZero("at", at).list();
        }
    }

    /** The patient is active (walking, playing) for {@code duration}: warm skin, a narrower skin-to-core gradient. */
    record Activity(Duration at, Duration duration) implements ScenarioEvent {
        @Override
        public List<String> problems() {
            return Checks.of()
                    .atLeastZero("at", at)
                    .positive("duration", duration)
                    .list();
        }
    }
}
