package dev.calor.edgebridge.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The exclusive lock a process holds on {@code <buffer file>.lock} while it writes the buffer: a running
 * bridge, or {@code calor bridge buffer requeue}. A second bridge on the same file, or a requeue under a
 * running bridge, is refused. The operating system drops the lock when the process dies (kill -9 included).
 */
public final class BufferLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private BufferLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process (or this one) holds it. */
    public static Optional<BufferLock> tryAcquire(Path bufferFile) throws IOException {
        Path file = bufferFile.resolveSibling(bufferFile.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new BufferLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process keeps running; the lock goes with the channel
        }
    }
}
