package dev.calor.e2e.demo;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The demo's terminal output: one line per event, tagged with where it happened. */
final class DemoConsole {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    DemoConsole(PrintStream out) {
        this.out = out;
    }

    synchronized void line(String source, String text) {
        out.printf("%s %-10s %s%n", LocalTime.now().format(TIME), "[" + source + "]", text);
        out.flush();
    }

    synchronized void banner(String text) {
        out.println(text);
        out.flush();
    }
}
