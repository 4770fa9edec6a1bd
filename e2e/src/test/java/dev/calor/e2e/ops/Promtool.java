package dev.calor.e2e.ops;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code promtool} (from the {@code prometheus} package, installed by {@code ./calor test}). */
final class Promtool {

    /** What promtool said and how it ended. */
    record Result(int exitCode, String output) {}

    private Promtool() {}

    static Result run(Path workDir, File stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(System.getenv().getOrDefault("PROMTOOL", "promtool"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        if (stdin != null) {
            builder.redirectInput(stdin);
        }
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot run promtool: install Debian's prometheus package (./calor test does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
