package dev.calor.app.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.calor.app.CareAppException;
import dev.calor.app.api.model.PatientModels.Bound;
import dev.calor.proto.DurationText;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Patient;
import dev.calor.worker.alert.AlertRules;
import dev.calor.worker.carecircle.CareCircleValidator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-patient thresholds as a caregiver may set them: the registry's {@link AlertThresholds} fields,
 * durations in Calor's duration syntax ({@code 10m}, {@code 90s}), each temperature within a clinically
 * sensible range, and the whole set consistent by the alert engine's own validator.
 */
public final class Thresholds {

    /** Ranges a circle may choose from; outside them a typo would silence or flood alerts. */
    public static final Map<String, Bound> BOUNDS = bounds();

    private static final List<String> DURATIONS = List.of(
            "feverSustain",
            "feverClearSustain",
            "hypothermiaSustain",
            "rapidRiseWindow",
            "noDataAfter",
            "reminderInterval",
            "detachedDropWindow");
    private static final long MAX_DURATION_SECONDS = 24 * 3600;

    private Thresholds() {}

    private static Map<String, Bound> bounds() {
        Map<String, Bound> b = new LinkedHashMap<>();
        b.put("feverCelsius", new Bound(37.5, 39.5, AlertRules.DEFAULT_FEVER_CELSIUS));
        b.put("feverClearCelsius", new Bound(37.0, 39.2, AlertRules.DEFAULT_FEVER_CLEAR_CELSIUS));
        b.put("highFeverCelsius", new Bound(38.5, 40.5, AlertRules.DEFAULT_HIGH_FEVER_CELSIUS));
        b.put("hyperpyrexiaCelsius", new Bound(39.5, 41.5, AlertRules.DEFAULT_HYPERPYREXIA_CELSIUS));
        b.put("hypothermiaCelsius", new Bound(33.0, 36.0, AlertRules.DEFAULT_HYPOTHERMIA_CELSIUS));
        b.put("hypothermiaClearCelsius", new Bound(33.3, 36.5, AlertRules.DEFAULT_HYPOTHERMIA_CLEAR_CELSIUS));
        b.put("rapidRiseCelsius", new Bound(0.4, 3.0, AlertRules.DEFAULT_RAPID_RISE_CELSIUS));
        b.put("lowBatteryPercent", new Bound(5, 50, AlertRules.DEFAULT_LOW_BATTERY_PERCENT));
        b.put("detachedBelowCelsius", new Bound(25.0, 33.0, AlertRules.DEFAULT_DETACHED_BELOW_CELSIUS));
        b.put("detachedDropCelsius", new Bound(1.0, 6.0, AlertRules.DEFAULT_DETACHED_DROP_CELSIUS));
        return Map.copyOf(b);
    }

    /** Parses and checks a caregiver's thresholds. @throws CareAppException 422 listing every problem */
    public static AlertThresholds parse(JsonNode body, String patientId) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw CareAppException.invalid("thresholds must be a JSON object", List.of());
        }
        ObjectNode json = ((ObjectNode) body).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Bound bound = BOUNDS.get(e.getKey());
            if (bound != null && e.getValue().isNumber()) {
                double v = e.getValue().asDouble();
                if (v < bound.min() || v > bound.max()) {
                    problems.add(e.getKey() + " must be between " + bound.min() + " and " + bound.max());
                }
            }
            if (DURATIONS.contains(e.getKey()) && e.getValue().isTextual()) {
                var d = DurationText.tryParse(e.getValue().asText());
                if (d.isEmpty() || d.get().isNegative() || d.get().toSeconds() > MAX_DURATION_SECONDS) {
                    problems.add(e.getKey() + " must be a duration such as 10m, at most 24h");
                    it.remove(); // reported once, not again by the protobuf parser
                } else {
                    e.setValue(json.textNode(d.get().toSeconds() + "s"));
                }
            }
        }
        AlertThresholds.Builder b = AlertThresholds.newBuilder();
        try {
            JsonFormat.parser().merge(json.toString(), b);
        } catch (InvalidProtocolBufferException e) {
            problems.add(e.getMessage());
        }
        if (problems.isEmpty()) {
            CareCircleRegistry probe = CareCircleRegistry.newBuilder()
                    .addPatients(Patient.newBuilder().setPatientId(patientId).setThresholds(b))
                    .build();
            CareCircleValidator.problems(probe).forEach(p -> problems.add(p.replace("patients[0].thresholds: ", "")));
        }
        if (!problems.isEmpty()) {
            throw CareAppException.invalid("the thresholds are not acceptable", problems);
        }
        return b.build();
    }

    /** The stored thresholds as the API shows them (durations in Calor's syntax). */
    public static Map<String, Object> view(AlertThresholds t, ObjectMapper mapper) {
        try {
            ObjectNode json = (ObjectNode) mapper.readTree(JsonFormat.printer().print(t));
            for (String name : DURATIONS) {
                if (json.has(name)) {
                    String protoText = json.get(name).asText();
                    json.put(name, DurationText.format(java.time.Duration.parse("PT" + protoText.toUpperCase())));
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = mapper.convertValue(json, Map.class);
            return map;
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toJson(AlertThresholds t) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(t);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
