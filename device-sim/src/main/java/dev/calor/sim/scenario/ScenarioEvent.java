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
    @JsonSubTypes.Type(value = ScenarioEvent.SensorError.class, name = "sensor-error")
})
public sealed interface ScenarioEvent {

    Duration at();

    /** Problems with this event's fields, each naming the field. */
    List<String> problems();

    /**
     * A fever episode: core temperature rises linearly to {@code peakCoreC}, stays for {@code plateau}, then
     * falls back to the patient's normal temperature.
     */
    record Fever(Duration at, Double peakCoreC, Double riseCPerHour, Duration plateau, Double fallCPerHour)
            implements ScenarioEvent {
        @Override
        public List<String> problems() {
            return Checks.of()
                    .atLeastZero("at", at)
                    .range("peakCoreC", peakCoreC, 37.0, 43.0)
                    .range("riseCPerHour", riseCPerHour, 0.01, 100.0)
                    .atLeastZero("plateau", plateau)
                    .range("fallCPerHour", fallCPerHour, 0.01, 100.0)
                    .list();
        }
    }

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

    /** The patch comes off the skin for {@code duration} (falls toward ambient), then is re-attached and warms up. */
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
}
