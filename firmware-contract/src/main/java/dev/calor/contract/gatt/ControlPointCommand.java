package dev.calor.contract.gatt;

import dev.calor.contract.bytes.LittleEndian;

/**
 * What the bridge writes to the Record Control Point (write with response).
 *
 * <pre>
 * TRANSFER     0x01                              send every stored record, oldest first, then go on live
 * ACKNOWLEDGE  0x02 epoch:u16 sequence:u32       free that record and every record stored before it
 * </pre>
 */
public sealed interface ControlPointCommand {

    int OPCODE_TRANSFER = 0x01;
    int OPCODE_ACKNOWLEDGE = 0x02;

    byte[] encode();

    /** Asks the patch to notify every record it still holds, oldest first. */
    record Transfer() implements ControlPointCommand {
        @Override
        public byte[] encode() {
            return new byte[] {(byte) OPCODE_TRANSFER};
        }
    }

    /**
     * Cumulative acknowledgement in store order: the record (bootEpoch, sequence) and every record the patch
     * stored before it are durably kept by the bridge. Unknown records are ignored (already freed).
     */
    record Acknowledge(int bootEpoch, long sequence) implements ControlPointCommand {
        public Acknowledge {
            if (bootEpoch < 0 || bootEpoch > 0xFFFF) {
                throw new GattPayloadException("boot epoch out of uint16 range: " + bootEpoch);
            }
            if (sequence < 0 || sequence > 0xFFFF_FFFFL) {
                throw new GattPayloadException("sequence out of uint32 range: " + sequence);
            }
        }

        @Override
        public byte[] encode() {
            byte[] out = new byte[7];
            out[0] = (byte) OPCODE_ACKNOWLEDGE;
            LittleEndian.putU16(out, 1, bootEpoch);
            LittleEndian.putU32(out, 3, sequence);
            return out;
        }
    }

    static ControlPointCommand decode(byte[] value) {
        if (value.length == 0) {
            throw new GattPayloadException(GattPayloadException.Reason.TOO_SHORT, "control point write is empty");
        }
        int opcode = LittleEndian.u8(value, 0);
        switch (opcode) {
            case OPCODE_TRANSFER:
                requireLength(value, 1, "TRANSFER");
                return new Transfer();
            case OPCODE_ACKNOWLEDGE:
                requireLength(value, 7, "ACKNOWLEDGE");
                return new Acknowledge(LittleEndian.u16(value, 1), LittleEndian.u32(value, 3));
            default:
                throw new GattPayloadException(
                        GattPayloadException.Reason.UNKNOWN_OPCODE,
                        String.format("unknown control point opcode 0x%02x", opcode));
        }
    }

    private static void requireLength(byte[] value, int expected, String name) {
        if (value.length != expected) {
            throw new GattPayloadException(
                    value.length < expected
                            ? GattPayloadException.Reason.TOO_SHORT
                            : GattPayloadException.Reason.TOO_LONG,
                    name + " must be " + expected + " bytes, was " + value.length);
        }
    }
}
