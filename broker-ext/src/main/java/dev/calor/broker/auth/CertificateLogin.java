package dev.calor.broker.auth;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import dev.calor.proto.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Logs a device in by its TLS client certificate (the TLS listener has already verified the chain):
 * the certificate's CN must be a device id that is present and enabled in the credentials file, and the
 * certificate must not be on the optional CRL. Disabling or removing the device in the credentials file
 * revokes its certificate too.
 */
public final class CertificateLogin {

    /** The result of looking at a connection's certificate. */
    public sealed interface Outcome {
        /** No certificate was presented (or certificates are not enabled): use the password. */
        record None() implements Outcome {}

        record Device(ClientIdentity identity) implements Outcome {}

        record Refused(String cn, String reason) implements Outcome {}
    }

    private final CredentialStore store;
    private final AtomicReference<Optional<X509CRL>> crl = new AtomicReference<>(Optional.empty());

    public CertificateLogin(CredentialStore store) {
        this.store = store;
    }

    public Outcome check(ConnectionInformation connection) {
        Optional<X509Certificate> cert =
                connection.getClientTlsInformation().flatMap(tls -> tls.getClientCertificate());
        if (cert.isEmpty()) {
            return new Outcome.None();
        }
        Optional<String> cn = commonName(cert.get());
        if (cn.isEmpty() || !Topics.isValidId(cn.get())) {
            return new Outcome.Refused(cn.orElse("-"), "certificate CN is not a device id");
        }
        Optional<X509CRL> list = crl.get();
        if (list.isPresent() && list.get().isRevoked(cert.get())) {
            return new Outcome.Refused(cn.get(), "certificate is revoked (CRL)");
        }
        Optional<UserEntry> user = store.enabledUser(cn.get()).filter(u -> u.role() == Role.DEVICE);
        if (user.isEmpty()) {
            return new Outcome.Refused(cn.get(), "certificate CN is not an enabled device of the credentials file");
        }
        return new Outcome.Device(new ClientIdentity(cn.get(), Role.DEVICE));
    }

    public void replaceCrl(X509CRL list) {
        crl.set(Optional.of(list));
    }

    /** Reads a PEM or DER CRL (for {@code ReloadingFile}); throws when it does not parse. */
    public static X509CRL readCrl(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a CRL: " + e.getMessage(), e);
        }
    }

    static Optional<String> commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
