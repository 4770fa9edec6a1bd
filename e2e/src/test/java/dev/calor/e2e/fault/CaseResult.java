package dev.calor.e2e.fault;

/**
 * What one fault case measured. {@code recoverySeconds}: from the end of the fault until every reading taken
 * before that moment was queryable in InfluxDB (negative when it never was).
 */
record CaseResult(
        String name,
        String deviceId,
        long sent,
        long stored,
        long lost,
        long storedTwice,
        long duplicatesDelivered,
        long alertsRaised,
        String alertKinds,
        long doubleAlerts,
        double recoverySeconds,
        String note) {

    CaseResult withAlerts(long raised, String kinds, long doubles) {
        return new CaseResult(
                name,
                deviceId,
                sent,
                stored,
                lost,
                storedTwice,
                duplicatesDelivered,
                raised,
                kinds,
                doubles,
                recoverySeconds,
                note);
    }
}
