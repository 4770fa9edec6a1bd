package dev.calor.edgebridge.buffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrity check of the buffer file at start. {@code PRAGMA quick_check} (with the WAL applied) must
 * answer {@code ok}; a file SQLite calls corrupt or not a database is moved aside, with its WAL and shared
 * memory files, to {@code <file>.corrupt-<instant>} (kept for an operator: {@code ./calor bridge buffer
 * export} reads what is left of it), and the bridge starts on a fresh file instead of exiting at every start.
 * Other failures (permissions, a missing disk) are not corruption and still stop the start.
 */
final class BufferFile {

    private static final Logger CORRUPT = LoggerFactory.getLogger("calor.event.buffer-corrupt");
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private BufferFile() {}

    static void checkOrMoveAside(Path file, BufferListener listener) throws SQLException, IOException {
        if (!Files.exists(file)) {
            return;
        }
        String problem = check(file);
        if (problem == null) {
            return;
        }
        Path aside = file.resolveSibling(
                file.getFileName() + ".corrupt-" + Instant.now().toString().replace(':', '-'));
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path part = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(part)) {
                Files.move(part, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        CORRUPT.error(
                "BUFFER FILE {} IS CORRUPT ({}): moved aside to {}; starting with an empty buffer. Readings in it"
                        + " that the patches had already freed are not delivered unless recovered from that file",
                file,
                problem,
                aside);
        listener.onCorruptFileMovedAside(aside, problem);
    }

    /** Null when the file is sound, else what is wrong. */
    private static String check(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            List<String> lines = new ArrayList<>();
            while (rs.next() && lines.size() < 5) {
                lines.add(rs.getString(1));
            }
            return lines.equals(List.of("ok")) ? null : "quick_check: " + String.join("; ", lines);
        } catch (SQLException e) {
            int code = e.getErrorCode() & 0xFF;
            if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
                return e.getMessage();
            }
            throw e;
        }
    }
}
