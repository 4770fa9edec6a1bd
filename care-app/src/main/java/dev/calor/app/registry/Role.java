package dev.calor.app.registry;

import java.util.Locale;

/**
 * A caregiver's role in one patient's care circle. Everyone in the circle sees the patient and may
 * acknowledge an episode; clinicians also tune thresholds; owners also manage patches and members.
 */
public enum Role {
    OWNER,
    FAMILY,
    CLINICIAN;

    public boolean mayEditThresholds() {
        return this == OWNER || this == CLINICIAN;
    }

    public boolean mayManageDevices() {
        return this == OWNER;
    }

    public boolean mayManageMembers() {
        return this == OWNER;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but owner, family or clinician */
    public static Role parse(String text) {
        return switch (text == null ? "" : text) {
            case "owner" -> OWNER;
            case "family" -> FAMILY;
            case "clinician" -> CLINICIAN;
            default -> throw new IllegalArgumentException("role must be owner, family or clinician");
        };
    }
}
