package dev.calor.contract.cobs;

import java.util.Arrays;

/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999). An encoded block contains no 0x00
 * byte, so 0x00 can delimit frames on a byte stream. Overhead: at most one byte per 254 bytes plus one.
 * The delimiter is not part of the block: callers append and strip it.
 */
public final class Cobs {

    private Cobs() {}

    /** The largest encoded size of {@code length} input bytes, without the delimiter. */
    public static int maxEncodedLength(int length) {
        return length + length / 254 + 1;
    }

    public static byte[] encode(byte[] src) {
        return encode(src, 0, src.length);
    }

    public static byte[] encode(byte[] src, int off, int len) {
        byte[] dst = new byte[maxEncodedLength(len)];
        int n = encode(src, off, len, dst, 0);
        return n == dst.length ? dst : Arrays.copyOf(dst, n);
    }

    /**
     * Encodes into {@code dst}, which must have room for {@link #maxEncodedLength(int)} bytes.
     *
     * @return the number of bytes written
     */
    public static int encode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int codeIndex = dstOff;
        int out = dstOff + 1;
        int code = 1;
        for (int i = off; i < off + len; i++) {
            byte b = src[i];
            if (b == 0) {
                dst[codeIndex] = (byte) code;
                codeIndex = out++;
                code = 1;
            } else {
                dst[out++] = b;
                code++;
                if (code == 0xFF) {
                    dst[codeIndex] = (byte) code;
                    codeIndex = out++;
                    code = 1;
                }
            }
        }
        dst[codeIndex] = (byte) code;
        return out - dstOff;
    }

    public static byte[] decode(byte[] src) {
        return decode(src, 0, src.length);
    }

    /**
     * Decodes one block (without its delimiter).
     *
     * @throws CobsDecodeException when the block is empty, contains 0x00, or a code byte points past its end
     */
    public static byte[] decode(byte[] src, int off, int len) {
        byte[] dst = new byte[Math.max(len, 1)];
        int n = decode(src, off, len, dst, 0);
        return Arrays.copyOf(dst, n);
    }

    /**
     * Decodes into {@code dst}, which must have room for {@code len} bytes (decoding never grows).
     *
     * @return the number of bytes written
     */
    public static int decode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        if (len == 0) {
            throw new CobsDecodeException("empty COBS block", 0);
        }
        int in = off;
        int end = off + len;
        int out = dstOff;
        while (in < end) {
            int code = src[in] & 0xFF;
            if (code == 0) {
                throw new CobsDecodeException("0x00 inside a COBS block", in - off);
            }
            if (in + code > end) {
                throw new CobsDecodeException(
                        "COBS code 0x" + Integer.toHexString(code) + " runs past the block end", in - off);
            }
            in++;
            for (int k = 1; k < code; k++) {
                byte b = src[in];
                if (b == 0) {
                    throw new CobsDecodeException("0x00 inside a COBS block", in - off);
                }
                dst[out++] = b;
                in++;
            }
            if (code < 0xFF && in < end) {
                dst[out++] = 0;
            }
        }
        return out - dstOff;
    }
}
