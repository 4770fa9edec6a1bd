package dev.calor.app.identity;

import dev.calor.app.CareAppException;
import dev.calor.app.api.model.AuthModels.CaregiverView;
import dev.calor.app.api.model.AuthModels.ChannelView;
import dev.calor.app.api.model.AuthModels.NotificationSettings;
import dev.calor.app.api.model.AuthModels.QuietHoursView;
import dev.calor.app.db.Database;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.EmailChannel;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.WebhookChannel;
import dev.calor.worker.carecircle.CareCircleValidator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Caregiver accounts: creation, their notification settings, their password. */
public final class Caregivers {

    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final int MAX_CHANNELS = 10;
    private static final String SECRET_PREFIX = "whsec_";
    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.webhook-secret");

    private final Database db;
    private final PasswordHasher hasher;

    public Caregivers(Database db, PasswordHasher hasher) {
        this.db = db;
        this.hasher = hasher;
    }

    /** Creates an account with a password; its e-mail address becomes its first channel. */
    public String create(Connection c, String displayName, String email, String password) throws SQLException {
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            throw CareAppException.invalid("displayName must be 1-100 characters", List.of("displayName"));
        }
        if (email == null || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || email.length() > 254) {
            throw CareAppException.invalid("email must be an e-mail address", List.of("email"));
        }
        String hash = hasher.hash(password);
        String id = "cg-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO caregiver (caregiver_id, display_name, email," + " password_hash) VALUES (?,?,?,?)")) {
            s.setString(1, id);
            s.setString(2, displayName.strip());
            s.setString(3, email.strip().toLowerCase(Locale.ROOT));
            s.setString(4, hash);
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw CareAppException.conflict(
                        "an account with this e-mail address exists; sign in with it to accept");
            }
            throw e;
        }
        replaceChannels(
                c, id, List.of(ChannelView.of("app", null, null), ChannelView.of("email", email.strip(), null)));
        return id;
    }

    public CaregiverView view(String caregiverId) {
        return db.query(c -> view(c, caregiverId));
    }

    static CaregiverView view(Connection c, String caregiverId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT display_name, email, escalation_rank, quiet_start,"
                + " quiet_end, quiet_time_zone FROM caregiver WHERE caregiver_id = ?")) {
            s.setString(1, caregiverId);
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                throw CareAppException.unauthorized("this account no longer exists");
            }
            QuietHoursView quiet = rs.getString(4) == null
                    ? null
                    : new QuietHoursView(rs.getString(4), rs.getString(5), rs.getString(6));
            List<ChannelView> channels = new ArrayList<>();
            try (PreparedStatement ch = c.prepareStatement("SELECT kind, address, secret_created_at FROM channel"
                    + " WHERE caregiver_id = ? ORDER BY position")) {
                ch.setString(1, caregiverId);
                ResultSet cr = ch.executeQuery();
                while (cr.next()) {
                    String kind = cr.getString(1);
                    Timestamp made = cr.getTimestamp(3);
                    channels.add(
                            switch (kind) {
                                case "email" -> ChannelView.of(kind, cr.getString(2), null);
                                case "webhook" ->
                                    new ChannelView(
                                            kind, null, cr.getString(2), null, made == null ? null : made.toInstant());
                                default -> ChannelView.of(kind, null, null);
                            });
                }
            }
            return new CaregiverView(caregiverId, rs.getString(1), rs.getString(2), rs.getInt(3), quiet, channels);
        }
    }

    /** Replaces quiet hours and channels, checked by the registry validator the worker uses. */
    public CaregiverView setNotifications(String caregiverId, NotificationSettings settings) {
        List<String> problems = new ArrayList<>();
        QuietHoursView q = settings.quietHours();
        if (q != null) {
            if (q.start() == null || !HH_MM.matcher(q.start()).matches()) {
                problems.add("quietHours.start must be HH:MM");
            }
            if (q.end() == null || !HH_MM.matcher(q.end()).matches()) {
                problems.add("quietHours.end must be HH:MM");
            }
            if (q.timeZone() != null && !q.timeZone().isEmpty()) {
                try {
                    ZoneId.of(q.timeZone());
                } catch (RuntimeException e) {
                    problems.add("quietHours.timeZone must be an IANA zone");
                }
            }
        }
        List<ChannelView> channels = settings.channels() == null ? List.of() : settings.channels();
        if (channels.size() > MAX_CHANNELS) {
            problems.add("at most " + MAX_CHANNELS + " channels");
        }
        Caregiver.Builder probe = Caregiver.newBuilder().setCaregiverId(caregiverId);
        for (ChannelView ch : channels) {
            if (ch.signingSecret() != null) {
                problems.add("a webhook's signingSecret is generated by the app; leave it out");
            }
            switch (ch.kind() == null ? "" : ch.kind()) {
                case "app" ->
                    probe.addChannels(Channel.newBuilder()
                            .setMqtt(MqttChannel.newBuilder().setUsername(caregiverId)));
                case "email" ->
                    probe.addChannels(Channel.newBuilder()
                            .setEmail(EmailChannel.newBuilder().setAddress(nz(ch.address()))));
                case "webhook" ->
                    probe.addChannels(Channel.newBuilder()
                            .setWebhook(WebhookChannel.newBuilder().setUrl(nz(ch.url()))));
                default -> problems.add("channel kind must be app, email or webhook");
            }
        }
        CareCircleValidator.problems(
                        CareCircleRegistry.newBuilder().addCaregivers(probe).build())
                .forEach(p -> problems.add(p.replace("caregivers[0].", "")));
        if (!problems.isEmpty()) {
            throw CareAppException.invalid("the notification settings are not acceptable", problems);
        }
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE caregiver SET quiet_start = ?, quiet_end = ?,"
                    + " quiet_time_zone = ? WHERE caregiver_id = ?")) {
                s.setString(1, q == null ? null : q.start());
                s.setString(2, q == null ? null : q.end());
                s.setString(3, q == null ? null : nz(q.timeZone()));
                s.setString(4, caregiverId);
                s.executeUpdate();
            }
            Map<Integer, String> made = replaceChannels(c, caregiverId, channels);
            return withSecrets(view(c, caregiverId), made);
        });
    }

    /**
     * Gives the webhook at {@code position} of the caregiver's channels a new signing secret; the old one
     * stops verifying as soon as the worker reloads the registry.
     *
     * @return the channel with its new secret (shown this once)
     */
    public ChannelView rotateSecret(String caregiverId, int position) {
        String secret = Secrets.create(SECRET_PREFIX);
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE channel SET signing_secret = ?, secret_created_at ="
                    + " now() WHERE caregiver_id = ? AND position = ? AND kind = 'webhook'")) {
                s.setString(1, secret);
                s.setString(2, caregiverId);
                s.setInt(3, position);
                if (s.executeUpdate() == 0) {
                    throw CareAppException.notFound("channel " + position + " is not one of your webhooks");
                }
            }
            EVENTS.info("caregiver {} rotated the signing secret of webhook channel {}", caregiverId, position);
            return withSecrets(view(c, caregiverId), Map.of(position, secret))
                    .channels()
                    .get(position);
        });
    }

    private static CaregiverView withSecrets(CaregiverView v, Map<Integer, String> secrets) {
        if (secrets.isEmpty()) {
            return v;
        }
        List<ChannelView> channels = new ArrayList<>(v.channels());
        secrets.forEach((i, secret) -> {
            ChannelView ch = channels.get(i);
            channels.set(i, new ChannelView(ch.kind(), ch.address(), ch.url(), secret, ch.secretCreatedAt()));
        });
        return new CaregiverView(
                v.caregiverId(), v.displayName(), v.email(), v.escalationRank(), v.quietHours(), channels);
    }

    /** Sets a new password (and ends every session, done by the caller in the same transaction). */
    public void setPassword(Connection c, String caregiverId, String password) throws SQLException {
        String hash = hasher.hash(password);
        try (PreparedStatement s =
                c.prepareStatement("UPDATE caregiver SET password_hash = ? WHERE caregiver_id = ?")) {
            s.setString(1, hash);
            s.setString(2, caregiverId);
            s.executeUpdate();
        }
    }

    public boolean passwordMatches(String caregiverId, String password) {
        String stored = db.query(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT password_hash FROM caregiver WHERE caregiver_id = ?")) {
                s.setString(1, caregiverId);
                ResultSet rs = s.executeQuery();
                return rs.next() ? rs.getString(1) : null;
            }
        });
        return stored != null && hasher.matches(password, stored);
    }

    /** The account with this e-mail address and password, if both match. */
    public String authenticate(String email, String password) {
        String[] row = db.query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT caregiver_id, password_hash FROM caregiver WHERE lower(email) = lower(?)")) {
                s.setString(1, nz(email));
                ResultSet rs = s.executeQuery();
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        });
        return row != null && row[1] != null && hasher.matches(password, row[1]) ? row[0] : null;
    }

    /**
     * Replaces the caregiver's channels. A webhook keeps the signing secret it had under the same URL; a
     * new URL gets a new secret.
     *
     * @return the secrets made now, by channel position
     */
    private static Map<Integer, String> replaceChannels(Connection c, String caregiverId, List<ChannelView> channels)
            throws SQLException {
        Map<String, Kept> kept = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT address, signing_secret, secret_created_at FROM channel"
                + " WHERE caregiver_id = ? AND kind = 'webhook' AND signing_secret <> ''")) {
            s.setString(1, caregiverId);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                kept.put(rs.getString(1), new Kept(rs.getString(2), rs.getTimestamp(3)));
            }
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM channel WHERE caregiver_id = ?")) {
            d.setString(1, caregiverId);
            d.executeUpdate();
        }
        Map<Integer, String> made = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO channel (caregiver_id, position, kind, address,"
                + " signing_secret, secret_created_at) VALUES (?,?,?,?,?,"
                + " CASE WHEN ? = 'webhook' THEN coalesce(?, now()) END)")) {
            for (int i = 0; i < channels.size(); i++) {
                ChannelView ch = channels.get(i);
                String address =
                        switch (ch.kind()) {
                            case "email" -> nz(ch.address()).strip();
                            case "webhook" -> nz(ch.url()).strip();
                            default -> "";
                        };
                String secret = "";
                Timestamp since = null;
                if (ch.kind().equals("webhook")) {
                    Kept old = kept.get(address);
                    if (old != null) {
                        secret = old.secret();
                        since = old.since();
                    } else {
                        secret = Secrets.create(SECRET_PREFIX);
                        made.put(i, secret);
                    }
                }
                s.setString(1, caregiverId);
                s.setInt(2, i);
                s.setString(3, ch.kind());
                s.setString(4, address);
                s.setString(5, secret);
                s.setString(6, ch.kind());
                s.setTimestamp(7, since);
                s.addBatch();
            }
            s.executeBatch();
        }
        return made;
    }

    private record Kept(String secret, Timestamp since) {}

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
