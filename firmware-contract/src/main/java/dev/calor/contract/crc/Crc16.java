package dev.calor.contract.crc;

/**
 * CRC-16/CCITT-FALSE (also catalogued as CRC-16/IBM-3740): polynomial 0x1021, initial value 0xFFFF, no
 * input or output reflection, no final XOR. Check value (CRC of ASCII "123456789"): {@value #CHECK}.
 *
 * <p>Because the CRC is not reflected and has no final XOR, a frame with its CRC appended most
 * significant byte first has a CRC of {@code 0x0000} over all its bytes ("residue").
 */
public final class Crc16 {

    public static final int POLYNOMIAL = 0x1021;
    public static final int INITIAL = 0xFFFF;
    public static final int CHECK = 0x29B1;

    private static final int[] TABLE = table();

    private Crc16() {}

    public static int compute(byte[] data) {
        return compute(data, 0, data.length);
    }

    public static int compute(byte[] data, int off, int len) {
        return update(INITIAL, data, off, len);
    }

    /** Continues a CRC over more bytes, for data that arrives in pieces. */
    public static int update(int crc, byte[] data, int off, int len) {
        int c = crc & 0xFFFF;
        for (int i = off; i < off + len; i++) {
            c = ((c << 8) ^ TABLE[((c >>> 8) ^ data[i]) & 0xFF]) & 0xFFFF;
        }
        return c;
    }

    private static int[] table() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 0x8000) != 0 ? (c << 1) ^ POLYNOMIAL : c << 1;
            }
            t[i] = c & 0xFFFF;
        }
        return t;
    }
}
