package dev.calor.app.db;

import java.sql.SQLException;

/** A database call failed; {@link #sqlState()} tells constraint violations from outages. */
public final class DatabaseException extends RuntimeException {

    private final String sqlState;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
        this.sqlState = cause instanceof SQLException s ? s.getSQLState() : null;
    }

    public static DatabaseException of(SQLException e) {
        return new DatabaseException(e.getMessage(), e);
    }

    public String sqlState() {
        return sqlState;
    }

    /** 23505 unique_violation, 23P01 exclusion_violation, 23503 foreign_key_violation. */
    public boolean isConflict() {
        return "23505".equals(sqlState) || "23P01".equals(sqlState) || "23503".equals(sqlState);
    }
}
