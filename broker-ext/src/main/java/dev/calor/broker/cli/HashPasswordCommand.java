package dev.calor.broker.cli;

import dev.calor.broker.auth.PasswordHasher;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./calor broker hash-password}: prints a hash for the credentials file. */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a salted PBKDF2-HMAC-SHA256 hash for the credentials file.",
            "The password is prompted without echo, or read as one line from standard input."
        })
public final class HashPasswordCommand implements Callable<Integer> {

    @Option(
            names = "--iterations",
            description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + PasswordHasher.DEFAULT_ITERATIONS)
    int iterations;

    @Override
    public Integer call() throws IOException {
        if (iterations < PasswordHasher.MIN_ITERATIONS) {
            System.err.println("--iterations must be at least " + PasswordHasher.MIN_ITERATIONS);
            return 2;
        }
        char[] password = readPassword();
        if (password == null || password.length == 0) {
            System.err.println("no password given");
            return 2;
        }
        try {
            System.out.println(new PasswordHasher().hash(password, iterations));
        } finally {
            Arrays.fill(password, '\0');
        }
        return 0;
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, second)) {
                System.err.println("the passwords differ");
                return null;
            }
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? null : line.toCharArray();
    }
}
