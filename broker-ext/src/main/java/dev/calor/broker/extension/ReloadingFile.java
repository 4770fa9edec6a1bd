package dev.calor.broker.extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file re-read when its content changes. Each check first compares the file's modification time, size
 * and identity (a stat, cheap at any check rate); only when they differ, or every {@link #DIGEST_EVERY}
 * checks anyway, is the content read and compared by digest, so an edit within one mtime tick is still
 * seen, a few checks later.
 * A change that does not parse keeps the previous version and is logged; the broker never runs without
 * credentials because of a half-written edit.
 *
 * @param <T> what the file parses to
 */
public final class ReloadingFile<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingFile.class);
    private static final Logger RELOADED = LoggerFactory.getLogger("calor.event.config-reloaded");

    private final String name;
    private final Path file;
    private final Function<Path, T> parser;
    private final Consumer<T> onChange;
    private final ReloadListener listener;
    /** A check that finds the stat unchanged still compares the content once in this many checks. */
    static final int DIGEST_EVERY = 10;

    private byte[] lastDigest;
    private String lastProblem;
    private Stamp lastStamp;
    private int unchangedChecks;

    /** Told about every reload attempt (for metrics). */
    public interface ReloadListener {
        void reloaded(String name, boolean ok);
    }

    public ReloadingFile(
            String name, Path file, Function<Path, T> parser, Consumer<T> onChange, ReloadListener listener) {
        this.name = name;
        this.file = file;
        this.parser = parser;
        this.onChange = onChange;
        this.listener = listener;
    }

    /** Reads and applies the file now; exceptions propagate (use at start, where a bad file must stop us). */
    public synchronized void loadNow() {
        lastStamp = Stamp.of(file);
        byte[] digest = digest();
        onChange.accept(parser.apply(file));
        lastDigest = digest;
    }

    /** Re-reads the file if it changed; never throws. A broken version is reported once, not at every check. */
    public synchronized void checkForChange() {
        Stamp stamp = Stamp.of(file);
        if (stamp != null && stamp.equals(lastStamp) && ++unchangedChecks < DIGEST_EVERY) {
            return;
        }
        unchangedChecks = 0;
        lastStamp = stamp;
        byte[] digest = null;
        try {
            digest = digest();
            if (Arrays.equals(digest, lastDigest)) {
                return;
            }
            T parsed = parser.apply(file);
            onChange.accept(parsed);
            lastDigest = digest;
            lastProblem = null;
            listener.reloaded(name, true);
            RELOADED.info("{} reloaded from {}", name, file);
        } catch (RuntimeException e) {
            if (digest != null) {
                lastDigest = digest;
            }
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                lastProblem = problem;
                listener.reloaded(name, false);
                LOG.error("{} at {} cannot be used, keeping the previous version: {}", name, file, problem);
            }
        }
    }

    /** What a stat says about the file; null when it cannot be read. */
    private record Stamp(FileTime modified, long size, Object key) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
            } catch (IOException e) {
                return null;
            }
        }
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
