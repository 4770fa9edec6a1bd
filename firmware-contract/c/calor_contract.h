/*
 * Calor firmware contract: reference codec in C99 (no malloc, no dependencies beyond <stdint.h>,
 * <stddef.h>). Drop calor_contract.h and calor_contract.c into a patch firmware. The byte layouts are
 * specified in ../CONTRACT.md; ../vectors/ holds the test vectors this code is checked against.
 *
 * All multi-byte fields are little-endian except the frame CRC, which is sent most significant byte first.
 * Every function is reentrant; nothing is allocated.
 */
#ifndef CALOR_CONTRACT_H
#define CALOR_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- results ----------------------------------------------------------------------------------- */

typedef enum {
    CALOR_OK = 0,
    /* frame decoding (same names and check order as the Java FrameDecodeException.Reason) */
    CALOR_ERR_COBS_INVALID,
    CALOR_ERR_TOO_SHORT,
    CALOR_ERR_TOO_LONG,
    CALOR_ERR_BAD_CRC,
    CALOR_ERR_UNSUPPORTED_VERSION,
    CALOR_ERR_UNKNOWN_TYPE,
    CALOR_ERR_LENGTH_MISMATCH,
    CALOR_ERR_BAD_PAYLOAD,
    /* HTS Temperature Measurement decoding (Java HtsDecodeException.Reason) */
    CALOR_ERR_HTS_TOO_SHORT,
    CALOR_ERR_HTS_TRAILING_BYTES,
    CALOR_ERR_HTS_RESERVED_FLAGS,
    CALOR_ERR_HTS_INVALID_DATE_TIME,
    CALOR_ERR_HTS_UNKNOWN_TEMPERATURE_TYPE,
    /* encoding */
    CALOR_ERR_INVALID_ARGUMENT,
    /* Calor stored-reading service values (Java GattPayloadException.Reason); appended so that earlier
     * values keep their numbers */
    CALOR_ERR_GATT_TOO_SHORT,
    CALOR_ERR_GATT_TOO_LONG,
    CALOR_ERR_GATT_RESERVED_FLAGS,
    CALOR_ERR_GATT_BAD_MEASUREMENT,
    CALOR_ERR_GATT_UNKNOWN_OPCODE,
    /* boot epochs: 0 is "unknown", never a patch's epoch */
    CALOR_ERR_EPOCH_UNKNOWN
} calor_status;

/* The reason name as used in the vector files, e.g. "BAD_CRC" or "TOO_SHORT" (HTS and GATT reasons without
 * "HTS_" / "GATT_"). */
const char *calor_status_name(calor_status status);

/* ---- boot epochs (CONTRACT.md 1.3): 1..65535, then 1 again; 0 = unknown ------------------------- */

/* The epoch counted after `epoch` (65535 is followed by 1); 0 for the invalid epoch 0. */
uint16_t calor_epoch_next(uint16_t epoch);

/* Serial-number order on the ring of 65535 epochs: *order < 0 when a is older than b, 0 when the same,
 * > 0 when a is newer (b lies 1..32767 boots ahead of a = b is newer). CALOR_ERR_EPOCH_UNKNOWN for 0. */
calor_status calor_epoch_compare(uint16_t a, uint16_t b, int *order);

/* ---- CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR; check 0x29B1 ------- */

#define CALOR_CRC16_INIT 0xFFFFu
uint16_t calor_crc16(const uint8_t *data, size_t len);
uint16_t calor_crc16_update(uint16_t crc, const uint8_t *data, size_t len);

/* ---- COBS ----------------------------------------------------------------------------------------- */

#define CALOR_COBS_MAX_ENCODED(n) ((n) + (n) / 254u + 1u)
/* Encodes len bytes into dst (room for CALOR_COBS_MAX_ENCODED(len)); returns the encoded length. No delimiter. */
size_t calor_cobs_encode(const uint8_t *src, size_t len, uint8_t *dst);
/* Decodes one block (no delimiter) into dst (room for len bytes); CALOR_ERR_COBS_INVALID when malformed. */
calor_status calor_cobs_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t *out_len);

/* ---- IEEE 11073-20601 FLOAT (32 bit) and SFLOAT (16 bit) ------------------------------------------ */

typedef enum {
    CALOR_SPECIAL_NONE = 0,
    CALOR_SPECIAL_NAN,               /* FLOAT 0x007FFFFF, SFLOAT 0x07FF */
    CALOR_SPECIAL_NRES,              /* FLOAT 0x00800000, SFLOAT 0x0800 */
    CALOR_SPECIAL_POSITIVE_INFINITY, /* FLOAT 0x007FFFFE, SFLOAT 0x07FE */
    CALOR_SPECIAL_NEGATIVE_INFINITY, /* FLOAT 0x00800002, SFLOAT 0x0802 */
    CALOR_SPECIAL_RESERVED           /* FLOAT 0x00800001, SFLOAT 0x0801 */
} calor_special;

const char *calor_special_name(calor_special special); /* "NAN", ..., "-" for NONE */

#define CALOR_FLOAT_NAN 0x007FFFFFu
#define CALOR_FLOAT_MANTISSA_MAX 0x7FFFFD
int32_t calor_float_mantissa(uint32_t bits);
int8_t calor_float_exponent(uint32_t bits);
calor_special calor_float_special(uint32_t bits);
/* Bits for mantissa * 10^exponent; CALOR_ERR_INVALID_ARGUMENT if |mantissa| > 0x7FFFFD. */
calor_status calor_float_make(int32_t mantissa, int8_t exponent, uint32_t *bits);

int16_t calor_sfloat_mantissa(uint16_t bits);
int8_t calor_sfloat_exponent(uint16_t bits);
calor_special calor_sfloat_special(uint16_t bits);

/* ---- HTS Temperature Measurement 0x2A1C (also the MEASUREMENT frame's tail) ------------------------ */

#define CALOR_HTS_FLAG_FAHRENHEIT 0x01u
#define CALOR_HTS_FLAG_TIMESTAMP 0x02u
#define CALOR_HTS_FLAG_TYPE 0x04u
#define CALOR_HTS_MAX_LEN 13u

typedef struct {
    uint8_t fahrenheit;   /* 0 = Celsius */
    uint32_t value;       /* IEEE 11073 FLOAT bits */
    uint8_t has_time;     /* a Date Time with year/month/day 0 ("unknown") decodes as has_time = 0 */
    uint16_t year;        /* UTC in the Calor contract */
    uint8_t month, day, hours, minutes, seconds;
    uint8_t has_type;
    uint8_t type;         /* 1..9, Temperature Type 0x2A1D */
} calor_hts_measurement;

calor_status calor_hts_decode(const uint8_t *data, size_t len, calor_hts_measurement *out);
/* Writes at most CALOR_HTS_MAX_LEN bytes; returns the length written, 0 on an invalid field. */
size_t calor_hts_encode(const calor_hts_measurement *m, uint8_t *out);

/* ---- serial frames ---------------------------------------------------------------------------------- */

#define CALOR_PROTOCOL_VERSION 1u
#define CALOR_HEADER_LEN 10u
#define CALOR_CRC_LEN 2u
#define CALOR_MAX_PAYLOAD 240u
#define CALOR_MAX_RAW_FRAME (CALOR_HEADER_LEN + CALOR_MAX_PAYLOAD + CALOR_CRC_LEN) /* 252 */
#define CALOR_MAX_BLOCK 253u  /* COBS-encoded raw frame, without the delimiter */
#define CALOR_MAX_WIRE 254u   /* with the 0x00 delimiter */

typedef enum {
    CALOR_FRAME_HELLO = 0x01,
    CALOR_FRAME_MEASUREMENT = 0x02,
    CALOR_FRAME_BATTERY = 0x03,
    CALOR_FRAME_STATUS = 0x04,
    CALOR_FRAME_ACK = 0x81,
    CALOR_FRAME_TIME_SET = 0x82,
    CALOR_FRAME_SET_INTERVAL = 0x83
} calor_frame_type;

const char *calor_frame_type_name(uint8_t type); /* "HELLO", ...; NULL for an unknown type */

typedef struct {
    uint8_t version;
    uint8_t type;         /* calor_frame_type */
    uint32_t sequence;
    uint16_t boot_epoch;
    uint16_t payload_len;
    uint8_t payload[CALOR_MAX_PAYLOAD];
} calor_frame;

/* COBS-encodes the frame and appends the 0x00 delimiter into wire (room for CALOR_MAX_WIRE bytes).
 * Returns the number of bytes to send, 0 when payload_len > CALOR_MAX_PAYLOAD. */
size_t calor_frame_encode(const calor_frame *frame, uint8_t *wire);
/* Decodes one block as read from the line (one trailing 0x00 delimiter is allowed) and checks the payload
 * against its type. Checks in this order: length, COBS, raw length, CRC, version, type, payload length,
 * payload. */
calor_status calor_frame_decode(const uint8_t *block, size_t len, calor_frame *out);

/* Stream decoder: feed bytes one at a time; bounded memory (CALOR_MAX_BLOCK bytes). */
typedef struct {
    uint8_t buf[CALOR_MAX_BLOCK];
    size_t len;
    uint8_t overflow;
} calor_stream;

typedef enum { CALOR_STREAM_NEED_MORE = 0, CALOR_STREAM_FRAME = 1, CALOR_STREAM_ERROR = 2 } calor_stream_result;

void calor_stream_init(calor_stream *s);
/* Returns CALOR_STREAM_FRAME with *frame filled, CALOR_STREAM_ERROR with *error set (a bad block, or
 * TOO_LONG once when no delimiter came within CALOR_MAX_BLOCK bytes), or CALOR_STREAM_NEED_MORE. */
calor_stream_result calor_stream_feed(calor_stream *s, uint8_t byte, calor_frame *frame, calor_status *error);

/* ---- payloads --------------------------------------------------------------------------------------- */

#define CALOR_CAP_CLOCK 0x0001u
#define CALOR_CAP_SET_INTERVAL 0x0002u
#define CALOR_CAP_BATTERY 0x0004u
#define CALOR_CAP_STORED_READINGS 0x0008u
#define CALOR_CAP_DETACH_DETECTION 0x0010u

typedef struct {
    uint8_t min_version, max_version;
    uint16_t capabilities;
    uint16_t sample_interval_s;       /* 1..65535 */
    uint16_t stored_reading_capacity;
    uint8_t device_id_len;            /* 1..64, [A-Za-z0-9][A-Za-z0-9._-]* */
    char device_id[65];               /* NUL-terminated after decoding */
    uint8_t firmware_len;             /* 0..32 printable ASCII */
    char firmware[33];
} calor_hello;

#define CALOR_MEAS_DETACHED 0x01u
#define CALOR_MEAS_WARMING_UP 0x02u
#define CALOR_MEAS_LOW_BATTERY 0x04u
#define CALOR_MEAS_CLOCK_UNSET 0x08u
#define CALOR_MEAS_SENSOR_ERROR 0x10u
#define CALOR_MEAS_RETRANSMISSION 0x20u

/* Body site codes (equal to calor.v1.MeasurementSite) */
#define CALOR_SITE_UNSPECIFIED 0u
#define CALOR_SITE_SKIN 1u
#define CALOR_SITE_AXILLA 2u
#define CALOR_SITE_CORE 3u
#define CALOR_SITE_ORAL 4u
#define CALOR_SITE_RECTAL 5u
#define CALOR_SITE_TYMPANIC 6u

typedef struct {
    uint8_t flags;
    uint8_t site;
    calor_hts_measurement temperature;
} calor_measurement;

#define CALOR_FAULT_DETACHED 0x0001u
#define CALOR_FAULT_LOW_BATTERY 0x0002u
#define CALOR_FAULT_CLOCK_UNSET 0x0004u
#define CALOR_FAULT_SENSOR_ERROR 0x0008u

typedef struct { uint16_t faults; uint16_t unacknowledged; } calor_status_payload;
typedef struct { uint32_t sequence; uint16_t boot_epoch; } calor_ack;

calor_status calor_hello_decode(const calor_frame *f, calor_hello *out);
calor_status calor_measurement_decode(const calor_frame *f, calor_measurement *out);
calor_status calor_battery_decode(const calor_frame *f, uint8_t *percent);
calor_status calor_status_decode(const calor_frame *f, calor_status_payload *out);
calor_status calor_ack_decode(const calor_frame *f, calor_ack *out);
calor_status calor_time_set_decode(const calor_frame *f, int64_t *utc_epoch_millis);
calor_status calor_set_interval_decode(const calor_frame *f, uint16_t *seconds);
/* Checks the payload of any frame type; CALOR_ERR_BAD_PAYLOAD naming nothing more (see the decoders). */
calor_status calor_payload_check(const calor_frame *f);

/* Builders: fill f (version, type, sequence, boot epoch, payload) ready for calor_frame_encode.
 * Return CALOR_ERR_INVALID_ARGUMENT for values outside the contract. */
calor_status calor_hello_frame(const calor_hello *h, uint32_t sequence, uint16_t boot_epoch, calor_frame *f);
calor_status calor_measurement_frame(const calor_measurement *m, uint32_t sequence, uint16_t boot_epoch, calor_frame *f);
calor_status calor_battery_frame(uint8_t percent, uint32_t sequence, uint16_t boot_epoch, calor_frame *f);
calor_status calor_status_frame(const calor_status_payload *s, uint32_t sequence, uint16_t boot_epoch, calor_frame *f);
calor_status calor_ack_frame(const calor_ack *a, uint32_t sequence, uint16_t boot_epoch, calor_frame *f);
calor_status calor_time_set_frame(int64_t utc_epoch_millis, uint32_t sequence, uint16_t boot_epoch, calor_frame *f);
calor_status calor_set_interval_frame(uint16_t seconds, uint32_t sequence, uint16_t boot_epoch, calor_frame *f);

/* ---- Calor stored-reading service (GATT, CONTRACT.md section 3) ---------------------------------------- */

/* Stored Record (notify): boot epoch u16, sequence u32, Calor flags u8, then a 0x2A1C value; 12..20 bytes. */
#define CALOR_STORED_RECORD_MIN_LEN 12u
#define CALOR_STORED_RECORD_MAX_LEN 20u
#define CALOR_STORED_RECORD_FLAGS 0x1Fu /* CALOR_MEAS_DETACHED .. CALOR_MEAS_SENSOR_ERROR; 0x20..0x80 reserved */

typedef struct {
    uint16_t boot_epoch;
    uint32_t sequence;
    uint8_t flags;                     /* CALOR_MEAS_* bits except CALOR_MEAS_RETRANSMISSION */
    calor_hts_measurement measurement;
} calor_stored_record;

/* Checks in this order: length (CALOR_ERR_GATT_TOO_SHORT < 12, CALOR_ERR_GATT_TOO_LONG > 20), reserved flag
 * bits (CALOR_ERR_GATT_RESERVED_FLAGS), the measurement (CALOR_ERR_GATT_BAD_MEASUREMENT when
 * calor_hts_decode refuses it). */
calor_status calor_stored_record_decode(const uint8_t *data, size_t len, calor_stored_record *out);
/* Writes at most CALOR_STORED_RECORD_MAX_LEN bytes; returns the length written, 0 on an invalid field. */
size_t calor_stored_record_encode(const calor_stored_record *r, uint8_t *out);

/* Record Control Point (write with response): TRANSFER 01; ACKNOWLEDGE 02 epoch:u16 sequence:u32. */
#define CALOR_CP_TRANSFER 0x01u
#define CALOR_CP_ACKNOWLEDGE 0x02u
#define CALOR_CP_MAX_LEN 7u

typedef struct {
    uint8_t opcode;       /* CALOR_CP_TRANSFER or CALOR_CP_ACKNOWLEDGE */
    uint16_t boot_epoch;  /* ACKNOWLEDGE only: that record and every record stored before it are kept */
    uint32_t sequence;
} calor_control_point;

/* Checks: empty (CALOR_ERR_GATT_TOO_SHORT), opcode (CALOR_ERR_GATT_UNKNOWN_OPCODE), then the opcode's exact
 * length (CALOR_ERR_GATT_TOO_SHORT / CALOR_ERR_GATT_TOO_LONG). A patch refuses the write with an ATT error. */
calor_status calor_control_point_decode(const uint8_t *data, size_t len, calor_control_point *out);
/* Writes 1 or 7 bytes (at most CALOR_CP_MAX_LEN); returns the length written, 0 for an unknown opcode. */
size_t calor_control_point_encode(const calor_control_point *c, uint8_t *out);

/* Store Status (read): boot epoch u16, next sequence u32, records held u16, records overwritten u16. */
#define CALOR_STORE_STATUS_LEN 10u

typedef struct {
    uint16_t boot_epoch;
    uint32_t next_sequence;
    uint16_t held;         /* stored, not yet acknowledged */
    uint16_t overwritten;  /* since boot because the store was full; saturates at 65535 */
} calor_store_status;

calor_status calor_store_status_decode(const uint8_t *data, size_t len, calor_store_status *out);
/* Writes CALOR_STORE_STATUS_LEN bytes and returns that length. */
size_t calor_store_status_encode(const calor_store_status *s, uint8_t *out);

#ifdef __cplusplus
}
#endif
#endif /* CALOR_CONTRACT_H */
