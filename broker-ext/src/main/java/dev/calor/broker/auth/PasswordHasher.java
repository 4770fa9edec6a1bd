package dev.calor.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The secret hashes of the credentials file, chosen by role:
 *
 * <ul>
 *   <li>{@code hmac-sha256$...} for machine-generated secrets (devices, workers): microseconds per check;
 *   <li>{@code argon2id$...} for passwords people choose (caregivers, operators): memory-hard, slow;
 *   <li>{@code pbkdf2-sha256$...}: Calor 0.1's format, still verified.
 * </ul>
 *
 * Hashes that were ever published as examples are refused ({@link #problemWith}).
 */
public final class PasswordHasher {

    public static final String SCHEME = Pbkdf2Hash.NAME;
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    public static final int MIN_ITERATIONS = 1000;
    /** A machine secret has at least this many random bytes (128 bits); {@link #generateSecret} gives 32. */
    public static final int MIN_MACHINE_SECRET_BYTES = 16;

    private static final KeyedSecretHash KEYED = new KeyedSecretHash();
    private static final Argon2Hash ARGON2 = new Argon2Hash();
    private static final Pbkdf2Hash PBKDF2 = new Pbkdf2Hash();
    private static final List<SecretScheme> SCHEMES = List.of(KEYED, ARGON2, PBKDF2);

    /** The hashes of Calor 0.1's credentials.example.yaml ({@code <username>-secret}): never accepted. */
    private static final Set<String> PUBLISHED_EXAMPLE_HASHES = Set.of(
            "pbkdf2-sha256$600000$cZOobBGK2loUWhxHz1e+6g$DHv31+u5XPMWuUPZ1cCR6Dgp2QZNhTMF46DbroCEe84",
            "pbkdf2-sha256$600000$GM5gJM7/Q1TuvBP66LafYA$NqWF3OcYBgebtpSOokx8mHqzxyi6U5hOg78nhI8kyxc",
            "pbkdf2-sha256$600000$zrWuDgp3DF3mV75N0sHz8A$lTamVnJ46oBCZc+LfWP+tbBEPLWpkLdU1J73PnBgCWg",
            "pbkdf2-sha256$600000$aSCipuJ4nLtsJiQkANE4Xg$jB8Mdhi1/xXH8LDLnvu8j2dUVp8lx/AEK1YtLCmulPc",
            "pbkdf2-sha256$600000$N1jBGOD1ZilVQTpFPFo16Q$po5BXIed3al4eq8gCDnwzzAPGK1Szf25jzVgWwIw0MI",
            "pbkdf2-sha256$600000$Qz3d2EZdpTvmzsojDHfeIA$yvkBAUlOp/Q463pJSfFhIKWJojk8heDL0d8fZlhTojc");

    private final SecureRandom random;

    public PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    public PasswordHasher() {
        this(new SecureRandom());
    }

    /** The hash for {@code role}: keyed and fast for devices and workers, Argon2id for people. */
    public String hashFor(Role role, char[] secret) {
        return machineRole(role) ? hashMachineSecret(secret) : hashPassword(secret);
    }

    /** Same as {@link #hashFor} with cheap Argon2id parameters, for test files. */
    public String hashForTests(Role role, char[] secret) {
        return machineRole(role) ? hashMachineSecret(secret) : ARGON2.hash(secret, Argon2Hash.TEST, random);
    }

    public static boolean machineRole(Role role) {
        return role == Role.DEVICE || role == Role.WORKER;
    }

    public String hashMachineSecret(char[] secret) {
        return KEYED.hash(new String(secret).getBytes(StandardCharsets.UTF_8), random);
    }

    public String hashPassword(char[] password) {
        return ARGON2.hash(password, Argon2Hash.DEFAULT, random);
    }

    /** A PBKDF2 hash (Calor 0.1's format). */
    public String hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("at least " + MIN_ITERATIONS + " iterations");
        }
        return PBKDF2.hash(password, iterations, random);
    }

    /** A new random machine secret: 32 bytes, base64url without padding (43 characters). */
    public String generateSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code password} matches {@code encoded}; false (never an exception) for a malformed hash. */
    public static boolean verify(byte[] password, String encoded) {
        SecretScheme scheme = schemeOf(encoded);
        if (scheme == null || scheme.problemWith(encoded) != null) {
            return false;
        }
        try {
            return scheme.verify(password, encoded);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether checking a secret against {@code encoded} costs microseconds (may run on the CONNECT thread). */
    public static boolean isFast(String encoded) {
        SecretScheme scheme = schemeOf(encoded);
        return scheme != null && scheme.fast();
    }

    /** A problem with an encoded hash, or null if it is well formed and not a published example. */
    public static String problemWith(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return "secret hash is missing (every user needs one: ./calor broker users add)";
        }
        if (PUBLISHED_EXAMPLE_HASHES.contains(encoded)) {
            return "secret hash is a published example, anyone can log in with it: set a new secret"
                    + " (./calor broker users rotate)";
        }
        SecretScheme scheme = schemeOf(encoded);
        if (scheme == null) {
            return "secret hash must start with hmac-sha256$, argon2id$ or pbkdf2-sha256$"
                    + " (write it with ./calor broker users add, or ./calor broker hash-password)";
        }
        return scheme.problemWith(encoded);
    }

    private static SecretScheme schemeOf(String encoded) {
        if (encoded == null) {
            return null;
        }
        for (SecretScheme s : SCHEMES) {
            if (encoded.startsWith(s.name() + "$")) {
                return s;
            }
        }
        return null;
    }
}
