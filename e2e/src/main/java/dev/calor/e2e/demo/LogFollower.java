package dev.calor.e2e.demo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Follows a component's log file like {@code tail -f} and hands each new line to a formatter; the
 * formatter answers what to print, or null for nothing.
 */
final class LogFollower implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    LogFollower(Path file, String source, Function<String, String> formatter, DemoConsole console) {
        this.thread = new Thread(() -> follow(file, source, formatter, console), "demo-follow-" + source);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(Path file, String source, Function<String, String> formatter, DemoConsole console) {
        long position = 0;
        StringBuilder partial = new StringBuilder();
        byte[] buffer = new byte[8192];
        while (running) {
            try {
                if (Files.exists(file)) {
                    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                        in.seek(position);
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            position += n;
                            partial.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                            int newline;
                            while ((newline = partial.indexOf("\n")) >= 0) {
                                String line = partial.substring(0, newline);
                                partial.delete(0, newline + 1);
                                String shown = formatter.apply(line);
                                if (shown != null) {
                                    console.line(source, shown);
                                }
                            }
                        }
                    }
                }
                Thread.sleep(100);
            } catch (IOException e) {
                console.line(source, "cannot read " + file + ": " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
