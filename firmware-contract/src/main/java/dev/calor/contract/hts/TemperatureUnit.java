package dev.calor.contract.hts;

/** Flag bit 0 of the Temperature Measurement characteristic. */
public enum TemperatureUnit {
    CELSIUS,
    FAHRENHEIT;

    public double toCelsius(double value) {
        return this == CELSIUS ? value : (value - 32.0) * 5.0 / 9.0;
    }
}
