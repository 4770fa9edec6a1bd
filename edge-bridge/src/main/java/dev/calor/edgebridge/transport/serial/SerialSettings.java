package dev.calor.edgebridge.transport.serial;

import dev.calor.retry.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One patch on a serial port.
 *
 * @param deviceId the patch's id; its HELLO must announce the same one
 * @param port the device path (e.g. {@code /dev/ttyACM0}, a udev symlink, or a pty link in tests)
 * @param baudRate line speed
 * @param dataBits 5..8
 * @param parity none, even or odd
 * @param stopBits 1 or 2
 * @param sampleInterval when present, sent as SET_INTERVAL after every HELLO that reports another one
 * @param reconnect backoff between attempts to open a vanished port
 */
public record SerialSettings(
        String deviceId,
        Path port,
        int baudRate,
        int dataBits,
        Parity parity,
        int stopBits,
        OptionalInt sampleInterval,
        Backoff reconnect) {

    public static final int DEFAULT_BAUD_RATE = 115_200;
    public static final Backoff DEFAULT_RECONNECT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    public enum Parity {
        NONE,
        EVEN,
        ODD
    }

    public SerialSettings {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        Objects.requireNonNull(reconnect, "reconnect");
        if (baudRate < 1) {
            throw new IllegalArgumentException("baudRate must be positive: " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5..8: " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stopBits must be 1 or 2: " + stopBits);
        }
    }

    public static SerialSettings of(String deviceId, Path port) {
        return new SerialSettings(
                deviceId, port, DEFAULT_BAUD_RATE, 8, Parity.NONE, 1, OptionalInt.empty(), DEFAULT_RECONNECT);
    }

    public SerialSettings withSampleInterval(int seconds) {
        return new SerialSettings(
                deviceId, port, baudRate, dataBits, parity, stopBits, OptionalInt.of(seconds), reconnect);
    }
}
