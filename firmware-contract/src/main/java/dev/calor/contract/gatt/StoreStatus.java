package dev.calor.contract.gatt;

import dev.calor.contract.bytes.LittleEndian;

/**
 * The Store Status characteristic (read): what the patch still holds.
 *
 * <pre>
 * offset size field
 *      0    2 current boot epoch (low 16 bits)
 *      2    4 next sequence the patch will assign in that epoch
 *      6    2 number of records stored, not yet acknowledged
 *      8    2 records overwritten since boot because the store was full (saturates at 65535)
 * </pre>
 */
public record StoreStatus(int bootEpoch, long nextSequence, int storedCount, int overwrittenCount) {

    public static final int LENGTH = 10;

    public StoreStatus {
        if (bootEpoch < 0 || bootEpoch > 0xFFFF) {
            throw new GattPayloadException("boot epoch out of uint16 range: " + bootEpoch);
        }
        if (nextSequence < 0 || nextSequence > 0xFFFF_FFFFL) {
            throw new GattPayloadException("sequence out of uint32 range: " + nextSequence);
        }
        if (storedCount < 0 || storedCount > 0xFFFF || overwrittenCount < 0 || overwrittenCount > 0xFFFF) {
            throw new GattPayloadException("counts out of uint16 range");
        }
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        LittleEndian.putU16(out, 0, bootEpoch);
        LittleEndian.putU32(out, 2, nextSequence);
        LittleEndian.putU16(out, 6, storedCount);
        LittleEndian.putU16(out, 8, overwrittenCount);
        return out;
    }

    public static StoreStatus decode(byte[] value) {
        if (value.length != LENGTH) {
            throw new GattPayloadException(
                    value.length < LENGTH
                            ? GattPayloadException.Reason.TOO_SHORT
                            : GattPayloadException.Reason.TOO_LONG,
                    "store status must be 10 bytes, was " + value.length);
        }
        return new StoreStatus(
                LittleEndian.u16(value, 0),
                LittleEndian.u32(value, 2),
                LittleEndian.u16(value, 6),
                LittleEndian.u16(value, 8));
    }
}
