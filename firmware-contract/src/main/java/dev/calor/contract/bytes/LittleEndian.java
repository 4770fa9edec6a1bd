package dev.calor.contract.bytes;

/** Little-endian reads and writes of unsigned integers, the byte order of every Calor and GATT field. */
public final class LittleEndian {

    private LittleEndian() {}

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static long u32(byte[] b, int off) {
        return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xFFFF_FFFFL;
    }

    public static int i32(byte[] b, int off) {
        return (int) u32(b, off);
    }

    public static long i64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    public static void putU16(byte[] b, int off, int value) {
        b[off] = (byte) value;
        b[off + 1] = (byte) (value >>> 8);
    }

    public static void putU32(byte[] b, int off, long value) {
        putU16(b, off, (int) value);
        putU16(b, off + 2, (int) (value >>> 16));
    }

    public static void putI64(byte[] b, int off, long value) {
        putU32(b, off, value);
        putU32(b, off + 4, value >>> 32);
    }
}
