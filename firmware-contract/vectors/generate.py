#!/usr/bin/env python3
"""Writes the Calor contract test vectors (*.tsv in this directory).

This is an implementation of the byte contract independent of the Java and C codecs: the Java tests
(VectorsTest) and the C runner (c/test_vectors.c) must both agree with what it writes. Run it only to add
cases; commit the .tsv files it produces. Columns, tab-separated:

  name    unique, kebab-case
  kind    crc16 | cobs | float | sfloat | hts | frame | stored-record | control-point | store-status | epoch-order
  hex     input bytes (frame: the bytes on the wire, COBS block and 0x00 delimiter)
  expect  ok, or the error reason the decoder must report
  fields  for ok: the decoded fields in canonical form (see CONTRACT.md, "Test vectors"); else "-"
"""
import struct

TYPES = {"HELLO": 0x01, "MEASUREMENT": 0x02, "BATTERY": 0x03, "STATUS": 0x04,
         "ACK": 0x81, "TIME_SET": 0x82, "SET_INTERVAL": 0x83}
SPECIAL_FLOAT = {0x007FFFFF: "NAN", 0x00800000: "NRES", 0x007FFFFE: "POSITIVE_INFINITY",
                 0x00800002: "NEGATIVE_INFINITY", 0x00800001: "RESERVED"}
SPECIAL_SFLOAT = {0x07FF: "NAN", 0x0800: "NRES", 0x07FE: "POSITIVE_INFINITY",
                  0x0802: "NEGATIVE_INFINITY", 0x0801: "RESERVED"}


def crc16(data, crc=0xFFFF):
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def cobs(data):
    out, block = bytearray(), bytearray()
    for b in data:
        if b == 0:
            out += bytes([len(block) + 1]) + block
            block = bytearray()
        else:
            block.append(b)
            if len(block) == 254:
                out += b"\xff" + block
                block = bytearray()
    out += bytes([len(block) + 1]) + block
    return bytes(out)


def raw_frame(ftype, seq, boot, payload, version=1, length=None):
    header = struct.pack("<BBIHH", version, ftype, seq, boot, len(payload) if length is None else length)
    body = header + payload
    return body + struct.pack(">H", crc16(body))


def wire(raw):
    return cobs(raw) + b"\x00"


def flt(mantissa, exponent):
    return ((exponent & 0xFF) << 24) | (mantissa & 0xFFFFFF)


def sflt(mantissa, exponent):
    return ((exponent & 0xF) << 12) | (mantissa & 0xFFF)


def float_fields(bits):
    m = bits & 0xFFFFFF
    m = m - 0x1000000 if m & 0x800000 else m
    e = bits >> 24
    e = e - 0x100 if e & 0x80 else e
    return f"mantissa={m} exponent={e} special={SPECIAL_FLOAT.get(bits, '-')}"


def sfloat_fields(bits):
    m = bits & 0xFFF
    m = m - 0x1000 if m & 0x800 else m
    e = bits >> 12
    e = e - 0x10 if e & 0x8 else e
    return f"mantissa={m} exponent={e} special={SPECIAL_SFLOAT.get(bits, '-')}"


def hts(bits, fahrenheit=False, ts=None, ttype=None, raw_ts=None, flags_extra=0):
    flags = (1 if fahrenheit else 0) | (2 if (ts or raw_ts) else 0) | (4 if ttype is not None else 0) | flags_extra
    out = bytes([flags]) + struct.pack("<I", bits)
    if raw_ts is not None:
        out += raw_ts
    elif ts:
        out += struct.pack("<HBBBBB", *ts)
    if ttype is not None:
        out += bytes([ttype])
    return out


def hts_fields(bits, fahrenheit=False, ts=None, ttype=None):
    t = "-" if not ts else "%04d-%02d-%02dT%02d:%02d:%02d" % ts
    return f"unit={'F' if fahrenheit else 'C'} {float_fields(bits)} ts={t} ttype={'-' if ttype is None else ttype}"


def hello(mn, mx, caps, interval, capacity, dev, fw, extra=b""):
    return struct.pack("<BBHHH", mn, mx, caps, interval, capacity) + bytes([len(dev)]) + dev.encode() \
        + bytes([len(fw)]) + fw.encode() + extra


rows = {"ieee11073.tsv": [], "hts.tsv": [], "cobs_crc.tsv": [], "frames.tsv": [], "gatt.tsv": [], "epochs.tsv": []}


def add(file, name, kind, data, expect="ok", fields="-"):
    rows[file].append((name, kind, data.hex(), expect, fields))


# --- CRC-16/CCITT-FALSE and COBS -------------------------------------------------------------------
add("cobs_crc.tsv", "crc-check-value", "crc16", b"123456789", fields="crc=29b1")
add("cobs_crc.tsv", "crc-empty", "crc16", b"", fields="crc=ffff")
add("cobs_crc.tsv", "crc-one-zero-byte", "crc16", b"\x00", fields="crc=%04x" % crc16(b"\x00"))
add("cobs_crc.tsv", "crc-residue-zero", "crc16", b"123456789\x29\xb1", fields="crc=0000")
for name, data in [("cobs-single-zero", b"\x00"), ("cobs-two-zeros", b"\x00\x00"),
                   ("cobs-zero-inside", b"\x11\x22\x00\x33"), ("cobs-no-zero", b"\x11\x22\x33\x44"),
                   ("cobs-trailing-zeros", b"\x11\x00\x00\x00"), ("cobs-254-nonzero", bytes(range(1, 255))),
                   ("cobs-255-nonzero", bytes(range(1, 255)) + b"\x01")]:
    add("cobs_crc.tsv", name, "cobs", cobs(data), fields="decoded=" + data.hex())
add("cobs_crc.tsv", "cobs-code-past-end", "cobs", bytes.fromhex("051122"), "COBS_INVALID")
add("cobs_crc.tsv", "cobs-zero-in-block", "cobs", bytes.fromhex("031100"), "COBS_INVALID")
add("cobs_crc.tsv", "cobs-zero-code", "cobs", bytes.fromhex("00"), "COBS_INVALID")
add("cobs_crc.tsv", "cobs-empty-block", "cobs", b"", "COBS_INVALID")

# --- IEEE 11073 FLOAT and SFLOAT ---------------------------------------------------------------------
for name, bits in [("float-37.42", flt(3742, -2)), ("float-negative", flt(-1234, -1)),
                   ("float-zero", 0), ("float-max-mantissa", flt(0x7FFFFD, 0)), ("float-min-mantissa", flt(-0x7FFFFD, 0)),
                   ("float-exponent-max", flt(1, 127)), ("float-exponent-min", flt(1, -128)),
                   ("float-nan", 0x007FFFFF), ("float-nres", 0x00800000), ("float-plus-infinity", 0x007FFFFE),
                   ("float-minus-infinity", 0x00800002), ("float-reserved", 0x00800001),
                   ("float-nan-mantissa-other-exponent", flt(0x7FFFFF - 0x1000000 + 0x1000000, 1) if False else 0x017FFFFF)]:
    add("ieee11073.tsv", name, "float", struct.pack("<I", bits), fields=float_fields(bits))
for name, bits in [("sfloat-37.4", sflt(374, -1)), ("sfloat-negative", sflt(-125, -1)), ("sfloat-zero", 0),
                   ("sfloat-exponent-max", sflt(1, 7)), ("sfloat-exponent-min", sflt(1, -8)),
                   ("sfloat-nan", 0x07FF), ("sfloat-nres", 0x0800), ("sfloat-plus-infinity", 0x07FE),
                   ("sfloat-minus-infinity", 0x0802), ("sfloat-reserved", 0x0801)]:
    add("ieee11073.tsv", name, "sfloat", struct.pack("<H", bits), fields=sfloat_fields(bits))

# --- HTS Temperature Measurement 0x2A1C --------------------------------------------------------------
T = (2026, 11, 21, 6, 30, 5)
v = flt(3742, -2)
add("hts.tsv", "hts-celsius-time-type", "hts", hts(v, ts=T, ttype=1), fields=hts_fields(v, ts=T, ttype=1))
add("hts.tsv", "hts-celsius-minimal", "hts", hts(v), fields=hts_fields(v))
f = flt(995, -1)
add("hts.tsv", "hts-fahrenheit", "hts", hts(f, fahrenheit=True), fields=hts_fields(f, fahrenheit=True))
add("hts.tsv", "hts-fahrenheit-time", "hts", hts(f, True, T), fields=hts_fields(f, True, T))
add("hts.tsv", "hts-type-only", "hts", hts(v, ttype=9), fields=hts_fields(v, ttype=9))
for sname, bits in [("nan", 0x007FFFFF), ("nres", 0x00800000), ("plus-infinity", 0x007FFFFE),
                    ("minus-infinity", 0x00800002), ("reserved", 0x00800001)]:
    add("hts.tsv", "hts-special-" + sname, "hts", hts(bits), fields=hts_fields(bits))
add("hts.tsv", "hts-unknown-date-is-no-time", "hts", hts(v, raw_ts=bytes(7)), fields=hts_fields(v))
add("hts.tsv", "hts-leap-day", "hts", hts(v, ts=(2028, 2, 29, 23, 59, 59)), fields=hts_fields(v, ts=(2028, 2, 29, 23, 59, 59)))
add("hts.tsv", "hts-empty", "hts", b"", "TOO_SHORT")
add("hts.tsv", "hts-truncated-float", "hts", hts(v)[:4], "TOO_SHORT")
add("hts.tsv", "hts-truncated-time", "hts", hts(v, ts=T)[:-1], "TOO_SHORT")
add("hts.tsv", "hts-missing-type", "hts", hts(v, ts=T, ttype=1)[:-1], "TOO_SHORT")
add("hts.tsv", "hts-trailing-byte", "hts", hts(v) + b"\x00", "TRAILING_BYTES")
add("hts.tsv", "hts-reserved-flag", "hts", hts(v, flags_extra=0x08), "RESERVED_FLAGS")
add("hts.tsv", "hts-month-13", "hts", hts(v, raw_ts=struct.pack("<HBBBBB", 2026, 13, 1, 0, 0, 0)), "INVALID_DATE_TIME")
add("hts.tsv", "hts-february-30", "hts", hts(v, raw_ts=struct.pack("<HBBBBB", 2026, 2, 30, 0, 0, 0)), "INVALID_DATE_TIME")
add("hts.tsv", "hts-hour-24", "hts", hts(v, raw_ts=struct.pack("<HBBBBB", 2026, 1, 1, 24, 0, 0)), "INVALID_DATE_TIME")
add("hts.tsv", "hts-year-1581", "hts", hts(v, raw_ts=struct.pack("<HBBBBB", 1581, 1, 1, 0, 0, 0)), "INVALID_DATE_TIME")
add("hts.tsv", "hts-type-0", "hts", hts(v, ttype=0), "UNKNOWN_TEMPERATURE_TYPE")
add("hts.tsv", "hts-type-10", "hts", hts(v, ttype=10), "UNKNOWN_TEMPERATURE_TYPE")


# --- Serial frames ------------------------------------------------------------------------------------
def frame_ok(name, tname, seq, boot, payload, extra_fields):
    raw = raw_frame(TYPES[tname], seq, boot, payload)
    fields = f"version=1 type={tname} seq={seq} boot={boot} payload={payload.hex()}"
    add("frames.tsv", name, "frame", wire(raw), fields=fields + (" " + extra_fields if extra_fields else ""))


def frame_err(name, data, reason):
    add("frames.tsv", name, "frame", data, reason)


frame_ok("frame-hello", "HELLO", 0, 1, hello(1, 1, 0x1F, 60, 512, "patch-0001", "1.4.2"),
         "min=1 max=1 caps=31 interval=60 capacity=512 id=patch-0001 fw=1.4.2")
frame_ok("frame-hello-empty-firmware", "HELLO", 17, 2, hello(1, 3, 0x8001, 1, 0, "p", ""),
         "min=1 max=3 caps=32769 interval=1 capacity=0 id=p fw=")
frame_ok("frame-hello-appended-fields-ignored", "HELLO", 0, 1, hello(1, 2, 1, 30, 64, "dev.a_b-c", "x", b"\xab\xcd"),
         "min=1 max=2 caps=1 interval=30 capacity=64 id=dev.a_b-c fw=x")
long_id = "P" + "0123456789" * 6 + "abc"
long_fw = "v" * 32
frame_ok("frame-hello-longest", "HELLO", 0xFFFFFFFF, 0xFFFF, hello(1, 1, 0xFFFF, 0xFFFF, 0xFFFF, long_id, long_fw),
         f"min=1 max=1 caps=65535 interval=65535 capacity=65535 id={long_id} fw={long_fw}")
m = bytes([0x00, 0x01]) + hts(v, ts=T)
frame_ok("frame-measurement-skin", "MEASUREMENT", 12, 3, m, "flags=0 site=1 " + hts_fields(v, ts=T))
m = bytes([0x02, 0x02]) + hts(v, ts=T, ttype=1)
frame_ok("frame-measurement-axilla-warming-up", "MEASUREMENT", 1, 1, m, "flags=2 site=2 " + hts_fields(v, ts=T, ttype=1))
m = bytes([0x08, 0x01]) + hts(v)
frame_ok("frame-measurement-clock-unset", "MEASUREMENT", 2, 1, m, "flags=8 site=1 " + hts_fields(v))
m = bytes([0x10, 0x01]) + hts(0x007FFFFF, ts=T)
frame_ok("frame-measurement-sensor-error-nan", "MEASUREMENT", 3, 1, m, "flags=16 site=1 " + hts_fields(0x007FFFFF, ts=T))
m = bytes([0x00, 0x03]) + hts(0x007FFFFE, ts=T, ttype=2)
frame_ok("frame-measurement-plus-infinity", "MEASUREMENT", 4, 1, m, "flags=0 site=3 " + hts_fields(0x007FFFFE, ts=T, ttype=2))
m = bytes([0x21, 0x01]) + hts(f, True, T)
frame_ok("frame-measurement-fahrenheit-retransmitted-detached", "MEASUREMENT", 5, 1, m,
         "flags=33 site=1 " + hts_fields(f, True, T))
m = bytes([0xC0, 0x00]) + hts(v)
frame_ok("frame-measurement-undefined-flags-kept", "MEASUREMENT", 6, 1, m, "flags=192 site=0 " + hts_fields(v))
# sequence overflow (CONTRACT.md 1.3): the last reading of an epoch is 0xFFFFFFFF, the next one is sequence 1
# of a new boot epoch; a sequence never wraps within an epoch
m = bytes([0x00, 0x01]) + hts(v, ts=T)
frame_ok("frame-measurement-last-sequence-of-an-epoch", "MEASUREMENT", 0xFFFFFFFF, 9, m, "flags=0 site=1 " + hts_fields(v, ts=T))
frame_ok("frame-measurement-next-reading-opens-a-new-epoch", "MEASUREMENT", 1, 10, m, "flags=0 site=1 " + hts_fields(v, ts=T))
frame_ok("frame-battery", "BATTERY", 7, 1, bytes([87]), "percent=87")
frame_ok("frame-battery-empty", "BATTERY", 7, 1, bytes([0]), "percent=0")
frame_ok("frame-status", "STATUS", 7, 1, struct.pack("<HH", 0x0005, 17), "faults=5 unacked=17")
frame_ok("frame-ack", "ACK", 9, 3, struct.pack("<IH", 12, 3), "ack_seq=12 ack_boot=3")
frame_ok("frame-ack-max", "ACK", 1, 0, struct.pack("<IH", 0xFFFFFFFF, 0xFFFF), "ack_seq=4294967295 ack_boot=65535")
frame_ok("frame-time-set", "TIME_SET", 2, 3, struct.pack("<q", 1795000000123), "millis=1795000000123")
frame_ok("frame-set-interval", "SET_INTERVAL", 3, 3, struct.pack("<H", 30), "seconds=30")

good = raw_frame(TYPES["BATTERY"], 7, 1, bytes([87]))
bad = bytearray(good); bad[10] ^= 0x01
frame_err("frame-bad-crc-payload-bit", wire(bytes(bad)), "BAD_CRC")
bad = bytearray(good); bad[2] ^= 0x80
frame_err("frame-bad-crc-header-bit", wire(bytes(bad)), "BAD_CRC")
bad = bytearray(good); bad[-1] ^= 0xFF
frame_err("frame-bad-crc-value", wire(bytes(bad)), "BAD_CRC")
frame_err("frame-truncated", wire(good[:11]), "TOO_SHORT")
frame_err("frame-truncated-crc-lost", wire(good[:-1]), "BAD_CRC")
frame_err("frame-empty-block", b"\x00", "TOO_SHORT")
frame_err("frame-block-over-253-bytes", b"\x11" * 254 + b"\x00", "TOO_LONG")
frame_err("frame-payload-241-bytes", wire(raw_frame(TYPES["HELLO"], 0, 1, b"\x41" * 241)), "TOO_LONG")
frame_err("frame-version-2", wire(raw_frame(TYPES["BATTERY"], 7, 1, bytes([87]), version=2)), "UNSUPPORTED_VERSION")
frame_err("frame-version-0", wire(raw_frame(TYPES["BATTERY"], 7, 1, bytes([87]), version=0)), "UNSUPPORTED_VERSION")
frame_err("frame-unknown-type-05", wire(raw_frame(0x05, 7, 1, b"")), "UNKNOWN_TYPE")
frame_err("frame-unknown-type-80", wire(raw_frame(0x80, 7, 1, b"")), "UNKNOWN_TYPE")
frame_err("frame-length-longer-than-payload", wire(raw_frame(TYPES["BATTERY"], 7, 1, bytes([87]), length=2)), "LENGTH_MISMATCH")
frame_err("frame-length-shorter-than-payload", wire(raw_frame(TYPES["STATUS"], 7, 1, bytes(4), length=0)), "LENGTH_MISMATCH")
frame_err("frame-cobs-code-past-end", bytes.fromhex("0a0102030400"), "COBS_INVALID")
frame_err("frame-battery-101", wire(raw_frame(TYPES["BATTERY"], 7, 1, bytes([101]))), "BAD_PAYLOAD")
frame_err("frame-battery-two-bytes", wire(raw_frame(TYPES["BATTERY"], 7, 1, bytes([1, 2]))), "BAD_PAYLOAD")
frame_err("frame-status-short", wire(raw_frame(TYPES["STATUS"], 7, 1, bytes(3))), "BAD_PAYLOAD")
frame_err("frame-ack-short", wire(raw_frame(TYPES["ACK"], 7, 1, bytes(5))), "BAD_PAYLOAD")
frame_err("frame-time-set-negative", wire(raw_frame(TYPES["TIME_SET"], 7, 1, struct.pack("<q", -1))), "BAD_PAYLOAD")
frame_err("frame-set-interval-zero", wire(raw_frame(TYPES["SET_INTERVAL"], 7, 1, bytes(2))), "BAD_PAYLOAD")
frame_err("frame-hello-slash-in-id", wire(raw_frame(TYPES["HELLO"], 0, 1, hello(1, 1, 0, 60, 8, "a/b", "1"))), "BAD_PAYLOAD")
frame_err("frame-hello-id-empty", wire(raw_frame(TYPES["HELLO"], 0, 1, hello(1, 1, 0, 60, 8, "", "1"))), "BAD_PAYLOAD")
frame_err("frame-hello-id-65-chars", wire(raw_frame(TYPES["HELLO"], 0, 1, hello(1, 1, 0, 60, 8, "a" * 65, "1"))), "BAD_PAYLOAD")
frame_err("frame-hello-firmware-33-chars", wire(raw_frame(TYPES["HELLO"], 0, 1, hello(1, 1, 0, 60, 8, "a", "f" * 33))), "BAD_PAYLOAD")
frame_err("frame-hello-firmware-control-char", wire(raw_frame(TYPES["HELLO"], 0, 1, hello(1, 1, 0, 60, 8, "a", "1\n"))), "BAD_PAYLOAD")
frame_err("frame-hello-id-runs-past-end", wire(raw_frame(TYPES["HELLO"], 0, 1, hello(1, 1, 0, 60, 8, "abc", "")[:-3])), "BAD_PAYLOAD")
frame_err("frame-hello-version-range-inverted", wire(raw_frame(TYPES["HELLO"], 0, 1, hello(2, 1, 0, 60, 8, "a", ""))), "BAD_PAYLOAD")
frame_err("frame-hello-interval-zero", wire(raw_frame(TYPES["HELLO"], 0, 1, hello(1, 1, 0, 0, 8, "a", ""))), "BAD_PAYLOAD")
frame_err("frame-measurement-unknown-site", wire(raw_frame(TYPES["MEASUREMENT"], 1, 1, bytes([0, 7]) + hts(v))), "BAD_PAYLOAD")
frame_err("frame-measurement-hts-reserved-flag", wire(raw_frame(TYPES["MEASUREMENT"], 1, 1, bytes([0, 1]) + hts(v, flags_extra=0x10))), "BAD_PAYLOAD")
frame_err("frame-measurement-hts-truncated", wire(raw_frame(TYPES["MEASUREMENT"], 1, 1, bytes([0, 1]) + hts(v, ts=T)[:-2])), "BAD_PAYLOAD")
frame_err("frame-measurement-bad-date", wire(raw_frame(TYPES["MEASUREMENT"], 1, 1, bytes([0, 1]) + hts(v, raw_ts=struct.pack("<HBBBBB", 2026, 4, 31, 0, 0, 0)))), "BAD_PAYLOAD")
frame_err("frame-measurement-too-short", wire(raw_frame(TYPES["MEASUREMENT"], 1, 1, bytes([0, 1, 0]))), "BAD_PAYLOAD")


# --- Calor stored-reading service (GATT) ----------------------------------------------------------------
# Stored Record: epoch u16, sequence u32, Calor flags u8 (0x01..0x10 defined), then a 0x2A1C value; 12..20
# bytes. Checks in this order: length (TOO_SHORT < 12, TOO_LONG > 20), reserved Calor flags (RESERVED_FLAGS),
# the 0x2A1C value as HTS decodes it (BAD_MEASUREMENT).
def record(epoch, seq, flags, measurement):
    return struct.pack("<HIB", epoch, seq, flags) + measurement


def record_ok(name, epoch, seq, flags, bits, fahrenheit=False, ts=None, ttype=None):
    data = record(epoch, seq, flags, hts(bits, fahrenheit, ts, ttype))
    add("gatt.tsv", name, "stored-record", data,
        fields=f"boot={epoch} seq={seq} flags={flags} " + hts_fields(bits, fahrenheit, ts, ttype))


def gatt_err(name, kind, data, reason):
    add("gatt.tsv", name, kind, data, reason)


NAN, NRES, PINF, MINF, RSVD = 0x007FFFFF, 0x00800000, 0x007FFFFE, 0x00800002, 0x00800001
T3 = (2026, 11, 21, 3, 0, 0)
record_ok("record-contract-example", 7, 42, 0x02, flt(3825, -2), ts=T3, ttype=1)
record_ok("record-minimal-no-time-no-type", 1, 1, 0x00, v)
record_ok("record-skin-time-no-type", 3, 1000, 0x00, v, ts=T)
record_ok("record-clock-unset-type-no-time", 2, 7, 0x08, v, ttype=2)
record_ok("record-fahrenheit-detached-low-battery", 4, 9, 0x05, f, True, T)
record_ok("record-every-flag-max-epoch-and-sequence", 0xFFFF, 0xFFFFFFFF, 0x1F, v, ts=T, ttype=9)
record_ok("record-last-sequence-of-an-epoch", 9, 0xFFFFFFFF, 0x00, v, ts=T)
record_ok("record-next-reading-opens-a-new-epoch", 10, 1, 0x00, v, ts=T)
record_ok("record-sensor-error-nan", 5, 3, 0x10, NAN, ts=T, ttype=1)
record_ok("record-sensor-error-nres", 5, 4, 0x10, NRES, ts=T)
record_ok("record-sensor-error-plus-infinity", 5, 5, 0x10, PINF)
record_ok("record-sensor-error-minus-infinity", 5, 6, 0x10, MINF)
record_ok("record-sensor-error-reserved-special", 5, 7, 0x10, RSVD)
record_ok("record-special-without-sensor-error-flag-kept", 5, 8, 0x00, NAN, ts=T)
record_ok("record-nan-mantissa-other-exponent-is-a-number", 5, 9, 0x00, 0x017FFFFF)
full = record(7, 42, 0x02, hts(flt(3825, -2), ts=T3, ttype=1))
gatt_err("record-empty", "stored-record", b"", "TOO_SHORT")
gatt_err("record-header-only", "stored-record", record(1, 1, 0, b""), "TOO_SHORT")
gatt_err("record-truncated-11-bytes", "stored-record", record(1, 1, 0, hts(v))[:11], "TOO_SHORT")
gatt_err("record-oversize-21-bytes", "stored-record", full + b"\x00", "TOO_LONG")
gatt_err("record-oversize-retransmission-flag-checked-after-length", "stored-record", record(1, 1, 0x20, bytes(14)), "TOO_LONG")
gatt_err("record-reserved-flag-20", "stored-record", record(1, 1, 0x20, hts(v)), "RESERVED_FLAGS")
gatt_err("record-reserved-flag-80", "stored-record", record(1, 1, 0x80, hts(v)), "RESERVED_FLAGS")
gatt_err("record-reserved-flag-checked-before-measurement", "stored-record", record(1, 1, 0x40, hts(v, flags_extra=0x08)), "RESERVED_FLAGS")
gatt_err("record-measurement-truncated-time", "stored-record", record(1, 1, 0, hts(v, ts=T)[:-1]), "BAD_MEASUREMENT")
gatt_err("record-measurement-missing-type", "stored-record", record(1, 1, 0, hts(v, ts=T, ttype=1)[:-1]), "BAD_MEASUREMENT")
gatt_err("record-measurement-trailing-byte", "stored-record", record(1, 1, 0, hts(v) + b"\x00"), "BAD_MEASUREMENT")
gatt_err("record-measurement-reserved-hts-flag", "stored-record", record(1, 1, 0, hts(v, flags_extra=0x08)), "BAD_MEASUREMENT")
gatt_err("record-measurement-february-30", "stored-record",
         record(1, 1, 0, hts(v, raw_ts=struct.pack("<HBBBBB", 2026, 2, 30, 0, 0, 0))), "BAD_MEASUREMENT")
gatt_err("record-measurement-type-10", "stored-record", record(1, 1, 0, hts(v, ttype=10)), "BAD_MEASUREMENT")

# Record Control Point: TRANSFER 01; ACKNOWLEDGE 02 epoch:u16 sequence:u32. Checks: empty (TOO_SHORT),
# opcode (UNKNOWN_OPCODE), then the opcode's exact length (TOO_SHORT, TOO_LONG).
def ack_cp(epoch, seq):
    return b"\x02" + struct.pack("<HI", epoch, seq)


add("gatt.tsv", "control-point-transfer", "control-point", b"\x01", fields="op=TRANSFER")
add("gatt.tsv", "control-point-acknowledge", "control-point", ack_cp(7, 42), fields="op=ACKNOWLEDGE boot=7 seq=42")
add("gatt.tsv", "control-point-acknowledge-zero", "control-point", ack_cp(0, 0), fields="op=ACKNOWLEDGE boot=0 seq=0")
add("gatt.tsv", "control-point-acknowledge-max", "control-point", ack_cp(0xFFFF, 0xFFFFFFFF),
    fields="op=ACKNOWLEDGE boot=65535 seq=4294967295")
gatt_err("control-point-empty", "control-point", b"", "TOO_SHORT")
gatt_err("control-point-transfer-extra-byte", "control-point", b"\x01\x00", "TOO_LONG")
gatt_err("control-point-acknowledge-opcode-only", "control-point", b"\x02", "TOO_SHORT")
gatt_err("control-point-acknowledge-truncated", "control-point", ack_cp(7, 42)[:-1], "TOO_SHORT")
gatt_err("control-point-acknowledge-extra-byte", "control-point", ack_cp(7, 42) + b"\xff", "TOO_LONG")
gatt_err("control-point-unknown-opcode-00", "control-point", b"\x00", "UNKNOWN_OPCODE")
gatt_err("control-point-unknown-opcode-03", "control-point", b"\x03", "UNKNOWN_OPCODE")
gatt_err("control-point-unknown-opcode-ff-acknowledge-length", "control-point", b"\xff" + ack_cp(7, 42)[1:], "UNKNOWN_OPCODE")

# Store Status: epoch u16, next sequence u32, held u16, overwritten u16; exactly 10 bytes.
def store_status(epoch, nxt, held, over):
    return struct.pack("<HIHH", epoch, nxt, held, over)


for name, st in [("store-status", (3, 0x00010002, 40, 2)), ("store-status-fresh-boot", (1, 1, 0, 0)),
                 ("store-status-saturated", (0xFFFF, 0xFFFFFFFF, 512, 0xFFFF))]:
    add("gatt.tsv", name, "store-status", store_status(*st),
        fields="boot=%d next_seq=%d held=%d overwritten=%d" % st)
gatt_err("store-status-empty", "store-status", b"", "TOO_SHORT")
gatt_err("store-status-9-bytes", "store-status", store_status(3, 2, 1, 0)[:9], "TOO_SHORT")
gatt_err("store-status-11-bytes", "store-status", store_status(3, 2, 1, 0) + b"\x00", "TOO_LONG")

# Boot epochs (CONTRACT.md 1.3) run 1..65535 and wrap to 1; 0 is "unknown". Which of two epochs is newer is
# decided by serial-number arithmetic on that ring of 65535 values: b is newer than a when it is 1..32767 steps
# ahead of a. hex = a (u16 LE) then b (u16 LE).
EPOCHS = 65535


def epoch_next(e):
    return 1 if e == EPOCHS else e + 1


def epoch_order(name, a, b):
    data = struct.pack("<HH", a, b)
    if a == 0 or b == 0:
        add("epochs.tsv", name, "epoch-order", data, "EPOCH_UNKNOWN")
        return
    d = (b - a) % EPOCHS
    rel = "same" if d == 0 else ("newer" if d <= EPOCHS // 2 else "older")
    add("epochs.tsv", name, "epoch-order", data, fields="a=%d b=%d next=%d b_is=%s" % (a, b, epoch_next(a), rel))


epoch_order("epoch-next-is-newer", 1, 2)
epoch_order("epoch-previous-is-older", 2, 1)
epoch_order("epoch-same", 7, 7)
epoch_order("epoch-wrap-65535-to-1-is-newer", 65535, 1)
epoch_order("epoch-before-the-wrap-is-older", 1, 65535)
epoch_order("epoch-last-but-one-to-last", 65534, 65535)
epoch_order("epoch-last-same", 65535, 65535)
epoch_order("epoch-half-ring-ahead-is-newer", 1, 32768)
epoch_order("epoch-beyond-half-ring-is-older", 1, 32769)
epoch_order("epoch-across-the-wrap-far-is-newer", 40000, 100)
epoch_order("epoch-across-the-wrap-half-is-older", 32768, 1)
epoch_order("epoch-unknown-first", 0, 5)
epoch_order("epoch-unknown-second", 5, 0)

HEADER = "# name\tkind\thex\texpect\tfields   (generated by generate.py; see ../CONTRACT.md, \"Test vectors\")\n"
total = 0
for file, rs in rows.items():
    names = set()
    with open(file, "w") as out:
        out.write(HEADER)
        for r in rs:
            assert r[0] not in names, r[0]
            names.add(r[0])
            out.write("\t".join(r) + "\n")
    total += len(rs)
print(total, "vectors")
