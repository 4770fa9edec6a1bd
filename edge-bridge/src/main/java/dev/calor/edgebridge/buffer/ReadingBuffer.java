package dev.calor.edgebridge.buffer;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.contract.BootEpochs;
import dev.calor.edgebridge.time.TimeConversions;
import dev.calor.proto.v1.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's crash-safe store-and-forward buffer: SQLite in WAL mode (see {@link BufferSchema} for the
 * durability settings). Thread-safe; every method is one transaction, committed before it returns.
 */
public final class ReadingBuffer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingBuffer.class);
    private static final Logger EVICTED = LoggerFactory.getLogger("calor.event.reading-evicted");
    private static final Logger QUARANTINED = LoggerFactory.getLogger("calor.event.batch-quarantined");

    private final Connection connection;
    private final BufferSettings settings;
    private final Clock clock;
    private final BufferListener listener;
    private final BufferOccupancy occupancy;
    private volatile String writeFailure;
    private BufferLock lock;

    private final PreparedStatement exists;
    private final PreparedStatement insert;
    private final PreparedStatement oldest;
    private final PreparedStatement deleteById;
    private final PreparedStatement markLeft;
    private final PreparedStatement selectPending;
    private final PreparedStatement lowestEpoch;
    private final PreparedStatement highestEpoch;

    private ReadingBuffer(Connection connection, BufferSettings settings, Clock clock, BufferListener listener)
            throws SQLException {
        this.connection = connection;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        exists = connection.prepareStatement(
                "SELECT 1 FROM readings WHERE device_id = ? AND boot_epoch = ? AND sequence = ?");
        insert = connection.prepareStatement("INSERT INTO readings"
                + " (device_id, boot_epoch, sequence, received_ns, left_ns, payload) VALUES (?, ?, ?, ?, NULL, ?)");
        this.occupancy = new BufferOccupancy(settings);
        oldest = connection.prepareStatement("SELECT id, length(payload) FROM readings"
                + " WHERE device_id = ? AND left_ns IS NULL AND boot_epoch BETWEEN ? AND ?"
                + " ORDER BY boot_epoch, sequence LIMIT 1");
        lowestEpoch = connection.prepareStatement(
                "SELECT min(boot_epoch) FROM readings" + " WHERE device_id = ? AND left_ns IS NULL AND boot_epoch > 0");
        highestEpoch = connection.prepareStatement(
                "SELECT max(boot_epoch) FROM readings" + " WHERE device_id = ? AND left_ns IS NULL AND boot_epoch > 0");
        deleteById = connection.prepareStatement("DELETE FROM readings WHERE id = ?");
        markLeft = connection.prepareStatement("UPDATE readings SET left_ns = ? WHERE id = ? AND left_ns IS NULL");
        selectPending = connection.prepareStatement("SELECT id, payload FROM readings"
                + " WHERE device_id = ? AND left_ns IS NULL AND boot_epoch BETWEEN ? AND ?"
                + " AND (boot_epoch > ? OR (boot_epoch = ? AND sequence > ?))"
                + " ORDER BY boot_epoch, sequence LIMIT ?");
        recount();
        connection.commit();
    }

    /** Reads the pending counts from the file (at open, after a failed transaction, at every expiry). */
    private void recount() throws SQLException {
        occupancy.clear();
        try (PreparedStatement count = connection.prepareStatement("SELECT device_id, count(*), sum(length(payload))"
                        + " FROM readings WHERE left_ns IS NULL GROUP BY device_id");
                ResultSet rs = count.executeQuery()) {
            while (rs.next()) {
                occupancy.add(rs.getString(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    /**
     * Opens (or creates) the buffer file.
     *
     * @throws BufferException when the file cannot be opened as a buffer
     */
    public static ReadingBuffer open(BufferSettings settings, Clock clock, BufferListener listener) {
        Path file = settings.file().toAbsolutePath();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            BufferLock lock = BufferLock.tryAcquire(file)
                    .orElseThrow(() -> new BufferException("buffer " + file + " is in use by another process"
                            + " (a running bridge holds " + file.getFileName() + ".lock)"));
            Connection connection;
            try {
                BufferFile.checkOrMoveAside(file, listener);
                connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            } catch (SQLException | IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            try {
                BufferSchema.configure(connection);
                BufferSchema.create(connection);
                connection.setAutoCommit(false);
                ReadingBuffer buffer = new ReadingBuffer(connection, settings, clock, listener);
                buffer.lock = lock;
                LOG.info("buffer {} opened: {} pending readings", file, buffer.depth());
                return buffer;
            } catch (SQLException | RuntimeException e) {
                connection.close();
                lock.close();
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new BufferException("cannot open buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Offers one reading; see {@link #appendAll(String, List)}. */
    public AppendOutcome append(String deviceId, Reading reading) {
        return appendAll(deviceId, List.of(reading)).get(0);
    }

    /**
     * Offers readings of one patch, in one transaction: when this returns, every reading whose outcome is
     * {@link AppendOutcome#STORED} is on stable storage.
     *
     * @return one outcome per reading, in order
     * @throws BufferException when the transaction failed; nothing of it was stored
     */
    public List<AppendOutcome> appendAll(String deviceId, List<Reading> readings) {
        return appendAll(deviceId, readings, outcomes -> List.of());
    }

    /**
     * Like {@link #appendAll(String, List)}, and saves the acknowledgement marks {@code marks} derives from
     * the outcomes in the same transaction (one commit, one fsync). If this throws, neither readings nor
     * marks were saved, whatever {@code marks} computed.
     */
    public synchronized List<AppendOutcome> appendAll(
            String deviceId,
            List<Reading> readings,
            java.util.function.Function<List<AppendOutcome>, List<AckMark>> marks) {
        List<AppendOutcome> outcomes = new ArrayList<>(readings.size());
        Map<String, Long> evictedOldest = new HashMap<>();
        long receivedNs = nowNs();
        try {
            for (Reading reading : readings) {
                long epoch = Integer.toUnsignedLong(reading.getBootEpoch());
                long sequence = Integer.toUnsignedLong(reading.getSequence());
                if (exists(deviceId, epoch, sequence)) {
                    outcomes.add(AppendOutcome.DUPLICATE);
                    continue;
                }
                byte[] payload = reading.toByteArray();
                AppendOutcome refused = makeRoom(deviceId, payload.length, evictedOldest);
                if (refused != null) {
                    outcomes.add(refused);
                    continue;
                }
                insert.setString(1, deviceId);
                insert.setLong(2, epoch);
                insert.setLong(3, sequence);
                insert.setLong(4, receivedNs);
                insert.setBytes(5, payload);
                insert.executeUpdate();
                occupancy.add(deviceId, 1, payload.length);
                outcomes.add(AppendOutcome.STORED);
            }
            for (AckMark mark : marks.apply(List.copyOf(outcomes))) {
                upsertAckMark(deviceId, mark.bootEpoch(), mark.sequence());
            }
            connection.commit();
            writeFailure = null;
        } catch (SQLException e) {
            rollback();
            writeFailure = e.getMessage();
            listener.onWriteFailed(e.getMessage());
            try {
                recount();
                connection.commit();
            } catch (SQLException again) {
                LOG.warn("cannot recount the buffer after a failed write", again);
            }
            throw new BufferException("cannot append to buffer: " + e.getMessage(), e);
        }
        reportOverflow(deviceId, outcomes, evictedOldest);
        return outcomes;
    }

    /**
     * Pending readings of one patch after the key ({@code afterEpoch}, {@code afterSequence}), in the patch's
     * (boot epoch, sequence) order, across the epoch wrap too ({@link EpochOrder}). Pass {@code -1, -1} to start
     * at the beginning.
     */
    public synchronized List<BufferedReading> pending(String deviceId, long afterEpoch, long afterSequence, int max) {
        List<BufferedReading> result = new ArrayList<>(Math.min(max, 1024));
        try {
            boolean pastCursor = afterEpoch < 0;
            for (EpochOrder.Range range : epochOrder(deviceId, afterEpoch)) {
                if (!pastCursor && !range.contains(afterEpoch)) {
                    continue; // a range before the cursor's: already read
                }
                readPending(
                        deviceId, range, pastCursor ? -1 : afterEpoch, pastCursor ? -1 : afterSequence, max, result);
                pastCursor = true;
                if (result.size() >= max) {
                    break;
                }
            }
            connection.commit();
        } catch (SQLException | InvalidProtocolBufferException e) {
            rollback();
            throw new BufferException("cannot read pending readings of " + deviceId + ": " + e.getMessage(), e);
        }
        return result;
    }

    private void readPending(
            String deviceId,
            EpochOrder.Range range,
            long afterEpoch,
            long afterSequence,
            int max,
            List<BufferedReading> into)
            throws SQLException, InvalidProtocolBufferException {
        selectPending.setString(1, deviceId);
        selectPending.setLong(2, range.from());
        selectPending.setLong(3, range.to());
        selectPending.setLong(4, afterEpoch);
        selectPending.setLong(5, afterEpoch);
        selectPending.setLong(6, afterSequence);
        selectPending.setInt(7, max - into.size());
        try (ResultSet rs = selectPending.executeQuery()) {
            while (rs.next()) {
                into.add(new BufferedReading(rs.getLong(1), deviceId, Reading.parseFrom(rs.getBytes(2))));
            }
        }
    }

    /** The epoch ranges of a patch's pending readings in publishing order; {@code alsoEpoch} counts as pending. */
    private List<EpochOrder.Range> epochOrder(String deviceId, long alsoEpoch) throws SQLException {
        long lowest = epochBound(lowestEpoch, deviceId);
        long highest = epochBound(highestEpoch, deviceId);
        if (alsoEpoch >= 1) {
            lowest = lowest < 0 ? alsoEpoch : Math.min(lowest, alsoEpoch);
            highest = Math.max(highest, alsoEpoch);
        }
        return EpochOrder.of(lowest, highest);
    }

    private static long epochBound(PreparedStatement bound, String deviceId) throws SQLException {
        bound.setString(1, deviceId);
        try (ResultSet rs = bound.executeQuery()) {
            long epoch = rs.next() ? rs.getLong(1) : -1;
            return rs.wasNull() ? -1 : epoch;
        }
    }

    /** The broker acknowledged these readings: they leave the buffer. Readings already gone are ignored. */
    public synchronized void markForwarded(List<BufferedReading> readings) {
        try {
            long left = markLeft(readings);
            connection.commit();
            if (!readings.isEmpty()) {
                occupancy.add(readings.get(0).deviceId(), -left, -bytesOf(readings, left));
            }
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot mark readings forwarded: " + e.getMessage(), e);
        }
    }

    /**
     * The broker refused a batch: its readings leave the buffer and the batch is kept in the quarantine
     * table with the broker's reason, never retried.
     */
    public synchronized void quarantine(
            String deviceId,
            long batchId,
            List<BufferedReading> readings,
            int reasonCode,
            String reason,
            byte[] payload) {
        long purged;
        try (PreparedStatement q = connection.prepareStatement("INSERT INTO quarantine"
                + " (device_id, batch_id, reason_code, reason, readings, quarantined_ns, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            q.setString(1, deviceId);
            q.setLong(2, batchId);
            q.setInt(3, reasonCode);
            q.setString(4, reason == null ? "" : reason);
            q.setInt(5, readings.size());
            q.setLong(6, nowNs());
            q.setBytes(7, payload);
            q.executeUpdate();
            long left = markLeft(readings);
            purged = purgeQuarantine();
            connection.commit();
            occupancy.add(deviceId, -left, -bytesOf(readings, left));
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot quarantine batch " + batchId + ": " + e.getMessage(), e);
        }
        QUARANTINED.warn(
                "quarantined batch {} of {}: {} readings (seq {}..{}), broker reason code 0x{} '{}'",
                batchId,
                deviceId,
                readings.size(),
                readings.isEmpty() ? "-" : readings.get(0).sequence(),
                readings.isEmpty() ? "-" : readings.get(readings.size() - 1).sequence(),
                Integer.toHexString(reasonCode),
                reason);
        if (purged > 0) {
            QUARANTINED.warn(
                    "purged {} oldest quarantined batches (limit {})", purged, settings.maxQuarantinedBatches());
            listener.onQuarantinePurged(purged);
        }
    }

    /**
     * Evicts pending readings older than {@code max-age} and forgets forwarded keys older than the dedup
     * window. Called periodically by the bridge.
     *
     * @return how many pending readings were evicted
     */
    public synchronized long expire() {
        long now = nowNs();
        long ageCutoff = now - settings.maxAge().toNanos();
        long dedupCutoff = now - settings.dedupWindow().toNanos();
        Map<String, long[]> expired = new HashMap<>();
        try {
            try (PreparedStatement s = connection.prepareStatement("SELECT device_id, count(*), min(sequence),"
                    + " max(sequence) FROM readings WHERE left_ns IS NULL AND received_ns < ? GROUP BY device_id")) {
                s.setLong(1, ageCutoff);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        expired.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    }
                }
            }
            try (PreparedStatement d =
                    connection.prepareStatement("DELETE FROM readings WHERE left_ns IS NULL AND received_ns < ?")) {
                d.setLong(1, ageCutoff);
                d.executeUpdate();
            }
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM readings WHERE left_ns < ?")) {
                d.setLong(1, dedupCutoff);
                d.executeUpdate();
            }
            recount();
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot expire buffer: " + e.getMessage(), e);
        }
        long total = 0;
        for (Map.Entry<String, long[]> e : expired.entrySet()) {
            long count = e.getValue()[0];
            total += count;
            EVICTED.warn(
                    "evicted {} readings of {} (seq {}..{}): older than max-age {}",
                    count,
                    e.getKey(),
                    e.getValue()[1],
                    e.getValue()[2],
                    settings.maxAge());
            listener.onEvicted(e.getKey(), EvictionReason.EXPIRED, count);
        }
        return total;
    }

    /**
     * The last sequence of {@code bootEpoch} the bridge acknowledged to the patch, as saved by {@link
     * #saveAckMark}. It survives a restart, so a hole found after one is not mistaken for acknowledged.
     */
    public synchronized Optional<Long> ackMark(String deviceId, long bootEpoch) {
        try (PreparedStatement s =
                connection.prepareStatement("SELECT sequence FROM ack_marks WHERE device_id = ? AND boot_epoch = ?")) {
            s.setString(1, deviceId);
            s.setLong(2, bootEpoch);
            Optional<Long> mark;
            try (ResultSet rs = s.executeQuery()) {
                mark = rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
            connection.commit();
            return mark;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read ack mark of " + deviceId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forgets the ACK marks of a patch's epochs that lie more than half the epoch ring away from its current
     * boot epoch ({@link BootEpochs}): they belong to an earlier turn of the counter, and
     * after the wrap from 65535 to 1 the old mark of epoch 1 must never acknowledge the new epoch 1's readings
     * unseen. Called with the epoch a patch announces (HELLO, store status).
     *
     * @return how many marks were forgotten
     */
    public synchronized int forgetStaleAckMarks(String deviceId, long currentEpoch) {
        if (currentEpoch < BootEpochs.FIRST || currentEpoch > BootEpochs.LAST) {
            return 0;
        }
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM ack_marks WHERE device_id = ?"
                + " AND boot_epoch BETWEEN 1 AND 65535 AND ((? - boot_epoch) % 65535 + 65535) % 65535 > ?")) {
            s.setString(1, deviceId);
            s.setLong(2, currentEpoch);
            s.setLong(3, BootEpochs.HALF_RING);
            int forgotten = s.executeUpdate();
            connection.commit();
            return forgotten;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot forget old ack marks of " + deviceId + ": " + e.getMessage(), e);
        }
    }

    /** Saves (durably) the acknowledgement about to be sent to the patch. */
    public synchronized void saveAckMark(String deviceId, long bootEpoch, long sequence) {
        try {
            upsertAckMark(deviceId, bootEpoch, sequence);
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot save ack mark of " + deviceId + ": " + e.getMessage(), e);
        }
    }

    /** Pending readings over all patches. */
    public synchronized long depth() {
        return occupancy.readings();
    }

    /** Pending payload bytes over all patches. */
    public synchronized long bytes() {
        return occupancy.bytes();
    }

    /** Pending payload bytes of one patch. */
    public synchronized long bytes(String deviceId) {
        return occupancy.bytes(deviceId);
    }

    /** Why the last write failed, or empty when it succeeded (the bridge is not ready while it fails). */
    public Optional<String> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /** Pending readings of one patch. */
    public synchronized long depth(String deviceId) {
        return occupancy.readings(deviceId);
    }

    /** Patches with pending readings. */
    public synchronized Set<String> devicesWithPending() {
        Set<String> devices = new TreeSet<>();
        occupancy.readingsByDevice().forEach((device, count) -> {
            if (count > 0) {
                devices.add(device);
            }
        });
        return devices;
    }

    /** When the oldest pending reading was stored, if there is one. */
    public synchronized Optional<Instant> oldestPending() {
        try (PreparedStatement s =
                        connection.prepareStatement("SELECT min(received_ns) FROM readings WHERE left_ns IS NULL");
                ResultSet rs = s.executeQuery()) {
            long ns = rs.next() ? rs.getLong(1) : 0;
            boolean none = rs.wasNull();
            connection.commit();
            return none ? Optional.empty() : Optional.of(TimeConversions.ofNanos(ns));
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read buffer age: " + e.getMessage(), e);
        }
    }

    /** How many batches the quarantine holds now. */
    public synchronized long quarantinedBatches() {
        try (PreparedStatement s = connection.prepareStatement("SELECT count(*) FROM quarantine");
                ResultSet rs = s.executeQuery()) {
            long count = rs.next() ? rs.getLong(1) : 0;
            connection.commit();
            return count;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot count quarantine: " + e.getMessage(), e);
        }
    }

    /** The quarantined batches, oldest first. */
    public synchronized List<QuarantinedBatch> quarantined() {
        List<QuarantinedBatch> result = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT id, device_id, batch_id, reason_code, reason,"
                        + " readings, payload, quarantined_ns FROM quarantine ORDER BY id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(new QuarantinedBatch(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getBytes(7),
                        TimeConversions.ofNanos(rs.getLong(8))));
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read quarantine: " + e.getMessage(), e);
        }
        return result;
    }

    public BufferSettings settings() {
        return settings;
    }

    @Override
    public synchronized void close() {
        try {
            if (!connection.isClosed()) {
                connection.close();
                LOG.info("buffer {} closed: {} pending readings", settings.file(), occupancy.readings());
            }
            if (lock != null) {
                lock.close();
                lock = null;
            }
        } catch (SQLException e) {
            LOG.warn("closing buffer {} failed", settings.file(), e);
        }
    }

    private void upsertAckMark(String deviceId, long bootEpoch, long sequence) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT OR REPLACE INTO ack_marks (device_id, boot_epoch, sequence) VALUES (?, ?, ?)")) {
            s.setString(1, deviceId);
            s.setLong(2, bootEpoch);
            s.setLong(3, sequence);
            s.executeUpdate();
        }
    }

    private boolean exists(String deviceId, long epoch, long sequence) throws SQLException {
        exists.setString(1, deviceId);
        exists.setLong(2, epoch);
        exists.setLong(3, sequence);
        try (ResultSet rs = exists.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * Makes room for a reading of {@code size} bytes of {@code deviceId} under the patch quota and the total
     * bound, as the overflow policy says (see {@link BufferOccupancy}).
     *
     * @return null when the reading may be stored, else the outcome for it
     */
    private AppendOutcome makeRoom(String deviceId, long size, Map<String, Long> evictedOldest) throws SQLException {
        while (!occupancy.fits(deviceId, size)) {
            switch (settings.overflowPolicy()) {
                case DROP_NEWEST -> {
                    return AppendOutcome.DROPPED_NEWEST;
                }
                case REFUSE -> {
                    return AppendOutcome.REFUSED;
                }
                case DROP_OLDEST -> {
                    Optional<String> victim = occupancy.victim(deviceId, size);
                    if (victim.isEmpty() || !evictOldestOf(victim.get())) {
                        return AppendOutcome.DROPPED_NEWEST; // larger than the whole quota
                    }
                    evictedOldest.merge(victim.get(), 1L, Long::sum);
                }
            }
        }
        return null;
    }

    /** Deletes the oldest pending reading of a patch (in its epoch order); false when it has none. */
    private boolean evictOldestOf(String device) throws SQLException {
        long id = -1;
        long size = 0;
        for (EpochOrder.Range range : epochOrder(device, -1)) {
            oldest.setString(1, device);
            oldest.setLong(2, range.from());
            oldest.setLong(3, range.to());
            try (ResultSet rs = oldest.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                    size = rs.getLong(2);
                    break;
                }
            }
        }
        if (id < 0) {
            return false;
        }
        deleteById.setLong(1, id);
        deleteById.executeUpdate();
        occupancy.add(device, -1, -size);
        return true;
    }

    /** The payload bytes of the readings that left (all of them, unless some had left before). */
    private static long bytesOf(List<BufferedReading> readings, long left) {
        if (left == 0) {
            return 0;
        }
        long sum = 0;
        for (BufferedReading r : readings) {
            sum += r.reading().getSerializedSize();
        }
        return left == readings.size() ? sum : sum * left / readings.size();
    }

    private long markLeft(List<BufferedReading> readings) throws SQLException {
        if (readings.isEmpty()) {
            return 0;
        }
        long now = nowNs();
        for (BufferedReading r : readings) {
            markLeft.setLong(1, now);
            markLeft.setLong(2, r.rowId());
            markLeft.addBatch();
        }
        long changed = 0;
        for (int n : markLeft.executeBatch()) {
            changed += Math.max(n, 0);
        }
        return changed;
    }

    private long purgeQuarantine() throws SQLException {
        try (PreparedStatement d = connection.prepareStatement(
                "DELETE FROM quarantine WHERE id NOT IN" + " (SELECT id FROM quarantine ORDER BY id DESC LIMIT ?)")) {
            d.setInt(1, settings.maxQuarantinedBatches());
            return d.executeUpdate();
        }
    }

    private void reportOverflow(String deviceId, List<AppendOutcome> outcomes, Map<String, Long> evictedOldest) {
        evictedOldest.forEach((device, count) -> {
            EVICTED.warn(
                    "evicted {} oldest readings of {} to make room (policy drop-oldest; patch quota {} readings /"
                            + " {} bytes, buffer {} readings / {} bytes); a reading of {} was stored",
                    count,
                    device,
                    settings.maxReadingsPerPatch(),
                    settings.maxBytesPerPatch(),
                    settings.maxReadings(),
                    settings.maxBytes(),
                    deviceId);
            listener.onEvicted(device, EvictionReason.OVERFLOW_OLDEST, count);
        });
        long dropped =
                outcomes.stream().filter(o -> o == AppendOutcome.DROPPED_NEWEST).count();
        if (dropped > 0) {
            EVICTED.warn(
                    "dropped {} new readings of {}: buffer full ({} readings), policy drop-newest",
                    dropped,
                    deviceId,
                    settings.maxReadings());
            listener.onEvicted(deviceId, EvictionReason.OVERFLOW_NEWEST, dropped);
        }
        long refused = outcomes.stream().filter(o -> o == AppendOutcome.REFUSED).count();
        if (refused > 0) {
            EVICTED.warn(
                    "refused {} new readings of {}: buffer full ({} readings), policy refuse; the patch keeps them",
                    refused,
                    deviceId,
                    settings.maxReadings());
            listener.onEvicted(deviceId, EvictionReason.OVERFLOW_REFUSED, refused);
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR); the driver's
            // rollback then fails and does not open the next transaction, which every later statement expects.
            try (java.sql.Statement begin = connection.createStatement()) {
                begin.execute("BEGIN");
            } catch (SQLException again) {
                LOG.warn("buffer rollback failed", e);
            }
        }
    }

    private long nowNs() {
        return TimeConversions.toNanos(clock.instant());
    }
}
