package dev.calor.edgebridge.buffer;

/**
 * The last sequence of a boot epoch the bridge tells a patch it has stored.
 *
 * @param bootEpoch the patch's boot epoch
 * @param sequence every reading of the epoch up to and including this one is stored
 */
public record AckMark(long bootEpoch, long sequence) {}
