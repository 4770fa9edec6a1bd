package dev.calor.edgebridge.transport.ble;

import dev.calor.contract.gatt.SimpleValues;
import dev.calor.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the bridge reaches one patch over BLE.
 *
 * @param deviceId the configured device id; the patch's Device Information serial number must match it
 * @param address the patch's BLE address ({@code C0:A1:00:00:00:01}); either it or {@code name} is required
 * @param name the advertised name, used when no address is configured
 * @param adapter the BlueZ adapter, {@code hci0} by default
 * @param busAddress the D-Bus address of bluetoothd's bus; empty means {@code DBUS_SYSTEM_BUS_ADDRESS}, else the
 *     system bus
 * @param measurementIntervalSeconds written to Measurement Interval 0x2A21 after connecting; 0 leaves the
 *     patch's own setting
 * @param reconnect backoff between connection attempts (exponential, full jitter)
 * @param servicesResolvedTimeout how long to wait for BlueZ to resolve the GATT services after connecting
 */
public record BleTransportSettings(
        String deviceId,
        Optional<String> address,
        Optional<String> name,
        String adapter,
        Optional<String> busAddress,
        int measurementIntervalSeconds,
        Backoff reconnect,
        Duration servicesResolvedTimeout) {

    public static final String DEFAULT_ADAPTER = "hci0";
    public static final Duration DEFAULT_SERVICES_RESOLVED_TIMEOUT = Duration.ofSeconds(15);
    /** Where the system bus listens when {@code DBUS_SYSTEM_BUS_ADDRESS} is not set (D-Bus specification). */
    public static final String DEFAULT_SYSTEM_BUS = "unix:path=/var/run/dbus/system_bus_socket";

    public static final String ENV_SYSTEM_BUS = "DBUS_SYSTEM_BUS_ADDRESS";

    private static final Pattern ADDRESS = Pattern.compile("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}");
    private static final Pattern ADAPTER = Pattern.compile("hci[0-9]+");

    public BleTransportSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(busAddress, "busAddress");
        List<String> problems = problems(deviceId, address, name, adapter, measurementIntervalSeconds);
        if (reconnect == null) {
            problems.add("reconnect backoff is required");
        }
        if (servicesResolvedTimeout == null
                || servicesResolvedTimeout.isNegative()
                || servicesResolvedTimeout.isZero()) {
            problems.add("servicesResolvedTimeout must be positive");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        address = address.map(a -> a.toUpperCase(Locale.ROOT));
    }

    /**
     * Every problem of a BLE patch entry, for a config validator that reports all errors at once. Empty when
     * the entry is valid.
     */
    public static List<String> problems(
            String deviceId, Optional<String> address, Optional<String> name, String adapter, int intervalSeconds) {
        List<String> problems = new ArrayList<>();
        if (deviceId == null || deviceId.isBlank()) {
            problems.add("deviceId must not be blank");
        }
        if (address.isEmpty() && name.isEmpty()) {
            problems.add("a BLE patch needs an address or a name");
        }
        address.filter(a -> !ADDRESS.matcher(a).matches())
                .ifPresent(a -> problems.add("address must look like C0:A1:00:00:00:01, was '" + a + "'"));
        name.filter(String::isBlank).ifPresent(n -> problems.add("name must not be blank"));
        if (adapter == null || !ADAPTER.matcher(adapter).matches()) {
            problems.add("adapter must look like hci0, was '" + adapter + "'");
        }
        if (intervalSeconds != 0
                && (intervalSeconds < SimpleValues.MIN_INTERVAL_SECONDS
                        || intervalSeconds > SimpleValues.MAX_INTERVAL_SECONDS)) {
            problems.add("measurementIntervalSeconds must be 0 (keep) or " + SimpleValues.MIN_INTERVAL_SECONDS + ".."
                    + SimpleValues.MAX_INTERVAL_SECONDS + ", was " + intervalSeconds);
        }
        return problems;
    }

    /** A patch found by address, with defaults for everything else. */
    public static BleTransportSettings forAddress(String deviceId, String address) {
        return new BleTransportSettings(
                deviceId,
                Optional.of(address),
                Optional.empty(),
                DEFAULT_ADAPTER,
                Optional.empty(),
                0,
                Backoff.defaults(),
                DEFAULT_SERVICES_RESOLVED_TIMEOUT);
    }

    public BleTransportSettings withBusAddress(String bus) {
        return new BleTransportSettings(
                deviceId,
                address,
                name,
                adapter,
                Optional.of(bus),
                measurementIntervalSeconds,
                reconnect,
                servicesResolvedTimeout);
    }

    public BleTransportSettings withReconnect(Backoff backoff) {
        return new BleTransportSettings(
                deviceId,
                address,
                name,
                adapter,
                busAddress,
                measurementIntervalSeconds,
                backoff,
                servicesResolvedTimeout);
    }

    public BleTransportSettings withMeasurementInterval(int seconds) {
        return new BleTransportSettings(
                deviceId, address, name, adapter, busAddress, seconds, reconnect, servicesResolvedTimeout);
    }

    public String adapterPath() {
        return "/org/bluez/" + adapter;
    }

    /** The bus to use: the configured one, else {@code DBUS_SYSTEM_BUS_ADDRESS} from {@code env}, else the system bus. */
    public String resolveBusAddress(Map<String, String> env) {
        return busAddress.orElseGet(() -> {
            String fromEnv = env.get(ENV_SYSTEM_BUS);
            return fromEnv == null || fromEnv.isBlank() ? DEFAULT_SYSTEM_BUS : fromEnv;
        });
    }

    /** How the patch is named in logs. */
    public String target() {
        return address.orElseGet(() -> "'" + name.orElseThrow() + "'");
    }
}
