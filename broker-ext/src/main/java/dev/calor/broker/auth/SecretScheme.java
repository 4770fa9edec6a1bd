package dev.calor.broker.auth;

/** One way of storing a secret in the credentials file, recognised by the prefix before the first {@code $}. */
interface SecretScheme {

    String name();

    /** Whether {@code secret} matches {@code encoded} (already known to be of this scheme and well formed). */
    boolean verify(byte[] secret, String encoded);

    /** What is wrong with {@code encoded}, or null when it is well formed. */
    String problemWith(String encoded);

    /** Whether one verification is cheap enough (microseconds) to run on the CONNECT thread. */
    boolean fast();
}
