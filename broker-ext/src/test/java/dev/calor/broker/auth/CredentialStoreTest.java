package dev.calor.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialStoreTest {

    private static Credentials credentials(String user, String password) {
        List<UserEntry> users = CredentialsFile.builder()
                .iterations(1000)
                .device(user, password)
                .build();
        return new Credentials(Map.of(user, users.get(0)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void distinguishesUnknownUserFromWrongPassword() {
        CredentialStore store = new CredentialStore(credentials("patch-1", "pw"));
        assertThat(store.authenticate("patch-2", utf8("pw")).outcome()).isEqualTo(AuthResult.Outcome.UNKNOWN_USER);
        assertThat(store.authenticate("patch-1", utf8("nope")).outcome()).isEqualTo(AuthResult.Outcome.WRONG_PASSWORD);
        AuthResult ok = store.authenticate("patch-1", utf8("pw"));
        assertThat(ok.isAccepted()).isTrue();
        assertThat(ok.user().orElseThrow().role()).isEqualTo(Role.DEVICE);
    }

    @Test
    void repeatedSuccessfulLoginPaysTheSlowHashOnce() {
        CredentialStore store = new CredentialStore(credentials("patch-1", "pw"));
        for (int i = 0; i < 50; i++) {
            assertThat(store.authenticate("patch-1", utf8("pw")).isAccepted()).isTrue();
        }
        assertThat(store.slowVerifications()).isEqualTo(1);
    }

    @Test
    void wrongPasswordsAreNeverCached() {
        CredentialStore store = new CredentialStore(credentials("patch-1", "pw"));
        store.authenticate("patch-1", utf8("bad"));
        store.authenticate("patch-1", utf8("bad"));
        assertThat(store.slowVerifications()).isEqualTo(2);
    }

    @Test
    void replacingCredentialsInvalidatesCachedVerifications() {
        CredentialStore store = new CredentialStore(credentials("patch-1", "old"));
        assertThat(store.authenticate("patch-1", utf8("old")).isAccepted()).isTrue();
        store.replace(credentials("patch-1", "new"));
        assertThat(store.authenticate("patch-1", utf8("old")).isAccepted()).isFalse();
        assertThat(store.authenticate("patch-1", utf8("new")).isAccepted()).isTrue();
    }

    @Test
    void aReloadKeepsTheVerificationsOfUsersWhoseEntryDidNotChange() {
        List<UserEntry> entries = CredentialsFile.builder()
                .iterations(1000)
                .device("patch-1", "one")
                .device("patch-2", "two")
                .build();
        CredentialStore store =
                new CredentialStore(new Credentials(Map.of("patch-1", entries.get(0), "patch-2", entries.get(1))));
        store.authenticate("patch-1", utf8("one"));
        store.authenticate("patch-2", utf8("two"));
        assertThat(store.slowVerifications()).isEqualTo(2);

        UserEntry changed = CredentialsFile.builder()
                .iterations(1000)
                .device("patch-2", "two")
                .build()
                .get(0); // same password, new salt: a changed entry
        store.replace(new Credentials(Map.of("patch-1", entries.get(0), "patch-2", changed)));

        assertThat(store.authenticate("patch-1", utf8("one")).isAccepted()).isTrue();
        assertThat(store.slowVerifications())
                .as("patch-1 unchanged: still cached")
                .isEqualTo(2);
        assertThat(store.authenticate("patch-2", utf8("two")).isAccepted()).isTrue();
        assertThat(store.slowVerifications())
                .as("patch-2 changed: verified again")
                .isEqualTo(3);
    }
}
