package dev.calor.broker.auth;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import java.util.Optional;

/**
 * Who a connection authenticated as. Stored in HiveMQ's connection attribute store at CONNECT and read
 * back by the authorizers and the publish interceptor.
 *
 * @param name the user name (for a DEVICE, its device id; for a token, its subject)
 * @param role its role
 * @param tokenSubject whether the name is a caregiver id from a signed token (else a credentials-file user)
 */
public record ClientIdentity(String name, Role role, boolean tokenSubject) {

    private static final String NAME_KEY = "calor.identity.name";
    private static final String ROLE_KEY = "calor.identity.role";
    private static final String TOKEN_KEY = "calor.identity.token";

    public ClientIdentity(String name, Role role) {
        this(name, role, false);
    }

    public void storeIn(ConnectionAttributeStore store) {
        store.putAsString(NAME_KEY, name);
        store.putAsString(ROLE_KEY, role.name());
        store.putAsString(TOKEN_KEY, Boolean.toString(tokenSubject));
    }

    public static Optional<ClientIdentity> from(ConnectionAttributeStore store) {
        Optional<String> name = store.getAsString(NAME_KEY);
        Optional<String> role = store.getAsString(ROLE_KEY);
        if (name.isEmpty() || role.isEmpty()) {
            return Optional.empty();
        }
        boolean token = store.getAsString(TOKEN_KEY).map(Boolean::parseBoolean).orElse(false);
        return Optional.of(new ClientIdentity(name.get(), Role.valueOf(role.get()), token));
    }
}
