package dev.calor.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The app's PostgreSQL database: a HikariCP pool, migrated by Flyway at start, and transactions. */
public final class Database implements AutoCloseable {

    private final String url;
    private final HikariDataSource pool;

    private Database(String url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /** Opens the pool and applies every pending migration. */
    public static Database open(String jdbcUrl, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("calor-app");
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new DatabaseException("migrating " + jdbcUrl + " failed: " + e.getMessage(), e);
        }
        return new Database(jdbcUrl, pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** A connection outside the pool, for LISTEN (a pooled one would be handed to others). */
    public Connection dedicatedConnection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw DatabaseException.of(e);
        }
    }

    /** Runs {@code work} on a pooled connection in autocommit mode. */
    public <T> T query(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw DatabaseException.of(e);
        }
    }

    public boolean isUp() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
