package dev.calor.edgebridge.time;

/**
 * A source of elapsed time that never jumps: {@link System#nanoTime()} in production, a hand-driven one in
 * tests. Every time-out, expiry and age bound of the bridge is measured with it, never with the wall clock
 * (which NTP, an operator or a Raspberry Pi without a real-time clock may move by hours).
 */
@FunctionalInterface
public interface Monotonic {

    Monotonic SYSTEM = System::nanoTime;

    /** Nanoseconds since an arbitrary origin; only differences mean anything. */
    long nanos();
}
