package dev.calor.broker.auth;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * {@code argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (Bouncy Castle's Argon2id): the
 * memory-hard hash for passwords people choose (caregivers, operators).
 */
final class Argon2Hash implements SecretScheme {

    static final String NAME = "argon2id";
    /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
    static final Params DEFAULT = new Params(19_456, 2, 1);
    /** Cheap parameters for test files; still refused below {@link #MIN_MEMORY_KIB}. */
    static final Params TEST = new Params(1024, 1, 1);

    static final int MIN_MEMORY_KIB = 1024;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    record Params(int memoryKib, int passes, int lanes) {}

    @Override
    public String name() {
        return NAME;
    }

    String hash(char[] password, Params p, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] secret = utf8(password);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return NAME + "$v=19$m=" + p.memoryKib() + ",t=" + p.passes() + ",p=" + p.lanes() + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(secret, salt, p, HASH_BYTES));
    }

    @Override
    public boolean verify(byte[] secret, String encoded) {
        String[] parts = encoded.split("\\$");
        Params p = params(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[4]);
        return MessageDigest.isEqual(
                expected, derive(secret, Base64.getDecoder().decode(parts[3]), p, expected.length));
    }

    @Override
    public String problemWith(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 5 || !parts[1].equals("v=19")) {
            return "password hash must look like " + NAME + "$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>";
        }
        try {
            Params p = params(parts[2]);
            if (p.memoryKib() < MIN_MEMORY_KIB || p.passes() < 1 || p.lanes() < 1) {
                return "argon2id parameters below m=" + MIN_MEMORY_KIB + ",t=1,p=1";
            }
            if (Base64.getDecoder().decode(parts[3]).length < 8) {
                return "password hash salt is shorter than 8 bytes";
            }
            if (Base64.getDecoder().decode(parts[4]).length < 16) {
                return "password hash is shorter than 16 bytes";
            }
        } catch (IllegalArgumentException e) {
            return "password hash is malformed: " + e.getMessage();
        }
        return null;
    }

    @Override
    public boolean fast() {
        return false;
    }

    private static Params params(String text) {
        int m = -1;
        int t = -1;
        int p = -1;
        for (String kv : text.split(",")) {
            String[] pair = kv.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("bad parameter '" + kv + "'");
            }
            int v = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> m = v;
                case "t" -> t = v;
                case "p" -> p = v;
                default -> throw new IllegalArgumentException("unknown parameter '" + pair[0] + "'");
            }
        }
        if (m < 0 || t < 0 || p < 0) {
            throw new IllegalArgumentException("m, t and p are required");
        }
        return new Params(m, t, p);
    }

    private static byte[] derive(byte[] secret, byte[] salt, Params p, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.passes())
                .withParallelism(p.lanes())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(secret, out);
        return out;
    }

    private static byte[] utf8(char[] chars) {
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
