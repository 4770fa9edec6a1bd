/* Calor firmware contract: reference codec in C99. See calor_contract.h and ../CONTRACT.md. */
#include "calor_contract.h"

#include <string.h>

/* ---- helpers ------------------------------------------------------------------------------------- */

static uint16_t get_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void put_u16(uint8_t *p, uint16_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v) {
    put_u16(p, (uint16_t)v);
    put_u16(p + 2, (uint16_t)(v >> 16));
}

const char *calor_status_name(calor_status s) {
    switch (s) {
    case CALOR_OK: return "ok";
    case CALOR_ERR_COBS_INVALID: return "COBS_INVALID";
    case CALOR_ERR_TOO_SHORT: return "TOO_SHORT";
    case CALOR_ERR_TOO_LONG: return "TOO_LONG";
    case CALOR_ERR_BAD_CRC: return "BAD_CRC";
    case CALOR_ERR_UNSUPPORTED_VERSION: return "UNSUPPORTED_VERSION";
    case CALOR_ERR_UNKNOWN_TYPE: return "UNKNOWN_TYPE";
    case CALOR_ERR_LENGTH_MISMATCH: return "LENGTH_MISMATCH";
    case CALOR_ERR_BAD_PAYLOAD: return "BAD_PAYLOAD";
    case CALOR_ERR_HTS_TOO_SHORT: return "TOO_SHORT";
    case CALOR_ERR_HTS_TRAILING_BYTES: return "TRAILING_BYTES";
    case CALOR_ERR_HTS_RESERVED_FLAGS: return "RESERVED_FLAGS";
    case CALOR_ERR_HTS_INVALID_DATE_TIME: return "INVALID_DATE_TIME";
    case CALOR_ERR_HTS_UNKNOWN_TEMPERATURE_TYPE: return "UNKNOWN_TEMPERATURE_TYPE";
    case CALOR_ERR_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case CALOR_ERR_GATT_TOO_SHORT: return "TOO_SHORT";
    case CALOR_ERR_GATT_TOO_LONG: return "TOO_LONG";
    case CALOR_ERR_GATT_RESERVED_FLAGS: return "RESERVED_FLAGS";
    case CALOR_ERR_GATT_BAD_MEASUREMENT: return "BAD_MEASUREMENT";
    case CALOR_ERR_GATT_UNKNOWN_OPCODE: return "UNKNOWN_OPCODE";
    case CALOR_ERR_EPOCH_UNKNOWN: return "EPOCH_UNKNOWN";
    }
    return "?";
}

/* ---- boot epochs ---------------------------------------------------------------------------------- */

#define CALOR_EPOCHS 65535u

uint16_t calor_epoch_next(uint16_t epoch) {
    if (epoch == 0) return 0;
    return epoch == 0xFFFFu ? 1u : (uint16_t)(epoch + 1u);
}

calor_status calor_epoch_compare(uint16_t a, uint16_t b, int *order) {
    uint32_t ahead;
    if (a == 0 || b == 0) return CALOR_ERR_EPOCH_UNKNOWN;
    ahead = ((uint32_t)b + CALOR_EPOCHS - (uint32_t)a) % CALOR_EPOCHS;
    *order = ahead == 0 ? 0 : (ahead <= CALOR_EPOCHS / 2u ? -1 : 1);
    return CALOR_OK;
}

/* ---- CRC-16/CCITT-FALSE -------------------------------------------------------------------------- */

uint16_t calor_crc16_update(uint16_t crc, const uint8_t *data, size_t len) {
    size_t i;
    int bit;
    for (i = 0; i < len; i++) {
        crc ^= (uint16_t)(data[i] << 8);
        for (bit = 0; bit < 8; bit++) {
            crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
        }
    }
    return crc;
}

uint16_t calor_crc16(const uint8_t *data, size_t len) { return calor_crc16_update(CALOR_CRC16_INIT, data, len); }

/* ---- COBS ---------------------------------------------------------------------------------------- */

size_t calor_cobs_encode(const uint8_t *src, size_t len, uint8_t *dst) {
    size_t code_at = 0, out = 1, i;
    uint8_t code = 1;
    for (i = 0; i < len; i++) {
        if (src[i] == 0) {
            dst[code_at] = code;
            code_at = out++;
            code = 1;
        } else {
            dst[out++] = src[i];
            if (++code == 0xFF) {
                dst[code_at] = code;
                code_at = out++;
                code = 1;
            }
        }
    }
    dst[code_at] = code;
    return out;
}

calor_status calor_cobs_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t *out_len) {
    size_t in = 0, out = 0, k;
    if (len == 0) {
        return CALOR_ERR_COBS_INVALID;
    }
    while (in < len) {
        uint8_t code = src[in];
        if (code == 0 || in + code > len) {
            return CALOR_ERR_COBS_INVALID;
        }
        in++;
        for (k = 1; k < code; k++) {
            if (src[in] == 0) {
                return CALOR_ERR_COBS_INVALID;
            }
            dst[out++] = src[in++];
        }
        if (code < 0xFF && in < len) {
            dst[out++] = 0;
        }
    }
    *out_len = out;
    return CALOR_OK;
}

/* ---- IEEE 11073 ---------------------------------------------------------------------------------- */

const char *calor_special_name(calor_special s) {
    switch (s) {
    case CALOR_SPECIAL_NAN: return "NAN";
    case CALOR_SPECIAL_NRES: return "NRES";
    case CALOR_SPECIAL_POSITIVE_INFINITY: return "POSITIVE_INFINITY";
    case CALOR_SPECIAL_NEGATIVE_INFINITY: return "NEGATIVE_INFINITY";
    case CALOR_SPECIAL_RESERVED: return "RESERVED";
    default: return "-";
    }
}

int32_t calor_float_mantissa(uint32_t bits) {
    uint32_t m = bits & 0xFFFFFFu;
    return (m & 0x800000u) ? (int32_t)m - 0x1000000 : (int32_t)m;
}

int8_t calor_float_exponent(uint32_t bits) {
    uint32_t e = bits >> 24;
    return (int8_t)((e & 0x80u) ? (int32_t)e - 0x100 : (int32_t)e);
}

calor_special calor_float_special(uint32_t bits) {
    switch (bits) {
    case 0x007FFFFFu: return CALOR_SPECIAL_NAN;
    case 0x00800000u: return CALOR_SPECIAL_NRES;
    case 0x007FFFFEu: return CALOR_SPECIAL_POSITIVE_INFINITY;
    case 0x00800002u: return CALOR_SPECIAL_NEGATIVE_INFINITY;
    case 0x00800001u: return CALOR_SPECIAL_RESERVED;
    default: return CALOR_SPECIAL_NONE;
    }
}

calor_status calor_float_make(int32_t mantissa, int8_t exponent, uint32_t *bits) {
    if (mantissa > CALOR_FLOAT_MANTISSA_MAX || mantissa < -CALOR_FLOAT_MANTISSA_MAX) {
        return CALOR_ERR_INVALID_ARGUMENT;
    }
    *bits = ((uint32_t)(uint8_t)exponent << 24) | ((uint32_t)mantissa & 0xFFFFFFu);
    return CALOR_OK;
}

int16_t calor_sfloat_mantissa(uint16_t bits) {
    uint16_t m = bits & 0x0FFFu;
    return (int16_t)((m & 0x0800u) ? (int32_t)m - 0x1000 : (int32_t)m);
}

int8_t calor_sfloat_exponent(uint16_t bits) {
    uint16_t e = (uint16_t)(bits >> 12);
    return (int8_t)((e & 0x8u) ? (int32_t)e - 0x10 : (int32_t)e);
}

calor_special calor_sfloat_special(uint16_t bits) {
    switch (bits) {
    case 0x07FFu: return CALOR_SPECIAL_NAN;
    case 0x0800u: return CALOR_SPECIAL_NRES;
    case 0x07FEu: return CALOR_SPECIAL_POSITIVE_INFINITY;
    case 0x0802u: return CALOR_SPECIAL_NEGATIVE_INFINITY;
    case 0x0801u: return CALOR_SPECIAL_RESERVED;
    default: return CALOR_SPECIAL_NONE;
    }
}

/* ---- HTS Temperature Measurement ----------------------------------------------------------------- */

static int days_in_month(unsigned year, unsigned month) {
    static const uint8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

calor_status calor_hts_decode(const uint8_t *d, size_t len, calor_hts_measurement *out) {
    uint8_t flags;
    size_t expected, p = 5;
    memset(out, 0, sizeof(*out));
    if (len < 1) {
        return CALOR_ERR_HTS_TOO_SHORT;
    }
    flags = d[0];
    if (flags & 0xF8u) {
        return CALOR_ERR_HTS_RESERVED_FLAGS;
    }
    expected = 5u + ((flags & CALOR_HTS_FLAG_TIMESTAMP) ? 7u : 0u) + ((flags & CALOR_HTS_FLAG_TYPE) ? 1u : 0u);
    if (len < expected) {
        return CALOR_ERR_HTS_TOO_SHORT;
    }
    if (len > expected) {
        return CALOR_ERR_HTS_TRAILING_BYTES;
    }
    out->fahrenheit = (uint8_t)(flags & CALOR_HTS_FLAG_FAHRENHEIT);
    out->value = get_u32(d + 1);
    if (flags & CALOR_HTS_FLAG_TIMESTAMP) {
        uint16_t year = get_u16(d + p);
        uint8_t month = d[p + 2], day = d[p + 3], h = d[p + 4], mi = d[p + 5], s = d[p + 6];
        if ((year != 0 && (year < 1582 || year > 9999)) || month > 12 || day > 31 || h > 23 || mi > 59 || s > 59) {
            return CALOR_ERR_HTS_INVALID_DATE_TIME;
        }
        if (year != 0 && month != 0 && day != 0) {
            if (day > days_in_month(year, month)) {
                return CALOR_ERR_HTS_INVALID_DATE_TIME;
            }
            out->has_time = 1;
            out->year = year;
            out->month = month;
            out->day = day;
            out->hours = h;
            out->minutes = mi;
            out->seconds = s;
        }
        p += 7;
    }
    if (flags & CALOR_HTS_FLAG_TYPE) {
        if (d[p] < 1 || d[p] > 9) {
            return CALOR_ERR_HTS_UNKNOWN_TEMPERATURE_TYPE;
        }
        out->has_type = 1;
        out->type = d[p];
    }
    return CALOR_OK;
}

size_t calor_hts_encode(const calor_hts_measurement *m, uint8_t *out) {
    size_t p = 5;
    out[0] = (uint8_t)((m->fahrenheit ? CALOR_HTS_FLAG_FAHRENHEIT : 0u) | (m->has_time ? CALOR_HTS_FLAG_TIMESTAMP : 0u)
                       | (m->has_type ? CALOR_HTS_FLAG_TYPE : 0u));
    put_u32(out + 1, m->value);
    if (m->has_time) {
        if (m->year < 1582 || m->year > 9999 || m->month < 1 || m->month > 12 || m->day < 1
            || m->day > days_in_month(m->year, m->month) || m->hours > 23 || m->minutes > 59 || m->seconds > 59) {
            return 0;
        }
        put_u16(out + p, m->year);
        out[p + 2] = m->month;
        out[p + 3] = m->day;
        out[p + 4] = m->hours;
        out[p + 5] = m->minutes;
        out[p + 6] = m->seconds;
        p += 7;
    }
    if (m->has_type) {
        if (m->type < 1 || m->type > 9) {
            return 0;
        }
        out[p++] = m->type;
    }
    return p;
}

/* ---- frames -------------------------------------------------------------------------------------- */

const char *calor_frame_type_name(uint8_t type) {
    switch (type) {
    case CALOR_FRAME_HELLO: return "HELLO";
    case CALOR_FRAME_MEASUREMENT: return "MEASUREMENT";
    case CALOR_FRAME_BATTERY: return "BATTERY";
    case CALOR_FRAME_STATUS: return "STATUS";
    case CALOR_FRAME_ACK: return "ACK";
    case CALOR_FRAME_TIME_SET: return "TIME_SET";
    case CALOR_FRAME_SET_INTERVAL: return "SET_INTERVAL";
    default: return NULL;
    }
}

size_t calor_frame_encode(const calor_frame *f, uint8_t *wire) {
    uint8_t raw[CALOR_MAX_RAW_FRAME];
    size_t n, body;
    uint16_t crc;
    if (f->payload_len > CALOR_MAX_PAYLOAD) {
        return 0;
    }
    raw[0] = f->version;
    raw[1] = f->type;
    put_u32(raw + 2, f->sequence);
    put_u16(raw + 6, f->boot_epoch);
    put_u16(raw + 8, f->payload_len);
    memcpy(raw + CALOR_HEADER_LEN, f->payload, f->payload_len);
    body = CALOR_HEADER_LEN + f->payload_len;
    crc = calor_crc16(raw, body);
    raw[body] = (uint8_t)(crc >> 8);
    raw[body + 1] = (uint8_t)crc;
    n = calor_cobs_encode(raw, body + CALOR_CRC_LEN, wire);
    wire[n] = 0;
    return n + 1;
}

calor_status calor_frame_decode(const uint8_t *block, size_t len, calor_frame *out) {
    uint8_t raw[CALOR_MAX_BLOCK];
    size_t n;
    uint16_t payload_len;
    if (len > 0 && block[len - 1] == 0) {
        len--;
    }
    if (len == 0) {
        return CALOR_ERR_TOO_SHORT;
    }
    if (len > CALOR_MAX_BLOCK) {
        return CALOR_ERR_TOO_LONG;
    }
    if (calor_cobs_decode(block, len, raw, &n) != CALOR_OK) {
        return CALOR_ERR_COBS_INVALID;
    }
    if (n < CALOR_HEADER_LEN + CALOR_CRC_LEN) {
        return CALOR_ERR_TOO_SHORT;
    }
    if (n > CALOR_MAX_RAW_FRAME) {
        return CALOR_ERR_TOO_LONG;
    }
    if (calor_crc16(raw, n - CALOR_CRC_LEN) != (uint16_t)((raw[n - 2] << 8) | raw[n - 1])) {
        return CALOR_ERR_BAD_CRC;
    }
    if (raw[0] != CALOR_PROTOCOL_VERSION) {
        return CALOR_ERR_UNSUPPORTED_VERSION;
    }
    if (calor_frame_type_name(raw[1]) == NULL) {
        return CALOR_ERR_UNKNOWN_TYPE;
    }
    payload_len = get_u16(raw + 8);
    if (payload_len != n - CALOR_HEADER_LEN - CALOR_CRC_LEN) {
        return CALOR_ERR_LENGTH_MISMATCH;
    }
    out->version = raw[0];
    out->type = raw[1];
    out->sequence = get_u32(raw + 2);
    out->boot_epoch = get_u16(raw + 6);
    out->payload_len = payload_len;
    memcpy(out->payload, raw + CALOR_HEADER_LEN, payload_len);
    return calor_payload_check(out);
}

void calor_stream_init(calor_stream *s) {
    s->len = 0;
    s->overflow = 0;
}

calor_stream_result calor_stream_feed(calor_stream *s, uint8_t byte, calor_frame *frame, calor_status *error) {
    if (byte == 0) {
        size_t n = s->len;
        int was_overflowing = s->overflow;
        calor_stream_init(s);
        if (was_overflowing || n == 0) {
            return CALOR_STREAM_NEED_MORE;
        }
        *error = calor_frame_decode(s->buf, n, frame);
        return *error == CALOR_OK ? CALOR_STREAM_FRAME : CALOR_STREAM_ERROR;
    }
    if (s->len < CALOR_MAX_BLOCK) {
        s->buf[s->len++] = byte;
        return CALOR_STREAM_NEED_MORE;
    }
    if (!s->overflow) {
        s->overflow = 1;
        *error = CALOR_ERR_TOO_LONG;
        return CALOR_STREAM_ERROR;
    }
    return CALOR_STREAM_NEED_MORE;
}

/* ---- payloads ------------------------------------------------------------------------------------ */

static int id_char(char c, int first) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        return 1;
    }
    return !first && (c == '.' || c == '_' || c == '-');
}

calor_status calor_hello_decode(const calor_frame *f, calor_hello *h) {
    const uint8_t *p = f->payload;
    size_t len = f->payload_len, fw_at, i;
    if (f->type != CALOR_FRAME_HELLO || len < 10) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    memset(h, 0, sizeof(*h));
    h->min_version = p[0];
    h->max_version = p[1];
    h->capabilities = get_u16(p + 2);
    h->sample_interval_s = get_u16(p + 4);
    h->stored_reading_capacity = get_u16(p + 6);
    h->device_id_len = p[8];
    fw_at = 9u + h->device_id_len;
    if (fw_at >= len) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    h->firmware_len = p[fw_at];
    if (fw_at + 1u + h->firmware_len > len) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    if (h->min_version < 1 || h->min_version > h->max_version || h->sample_interval_s == 0) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    if (h->device_id_len < 1 || h->device_id_len > 64 || h->firmware_len > 32) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    for (i = 0; i < h->device_id_len; i++) {
        if (!id_char((char)p[9 + i], i == 0)) {
            return CALOR_ERR_BAD_PAYLOAD;
        }
        h->device_id[i] = (char)p[9 + i];
    }
    for (i = 0; i < h->firmware_len; i++) {
        uint8_t c = p[fw_at + 1 + i];
        if (c < 0x20 || c > 0x7E) {
            return CALOR_ERR_BAD_PAYLOAD;
        }
        h->firmware[i] = (char)c;
    }
    return CALOR_OK; /* bytes after the firmware version: fields of later versions, ignored */
}

calor_status calor_measurement_decode(const calor_frame *f, calor_measurement *m) {
    if (f->type != CALOR_FRAME_MEASUREMENT || f->payload_len < 7 || f->payload[1] > CALOR_SITE_TYMPANIC) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    m->flags = f->payload[0];
    m->site = f->payload[1];
    return calor_hts_decode(f->payload + 2, f->payload_len - 2u, &m->temperature) == CALOR_OK ? CALOR_OK
                                                                                                : CALOR_ERR_BAD_PAYLOAD;
}

calor_status calor_battery_decode(const calor_frame *f, uint8_t *percent) {
    if (f->type != CALOR_FRAME_BATTERY || f->payload_len != 1 || f->payload[0] > 100) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    *percent = f->payload[0];
    return CALOR_OK;
}

calor_status calor_status_decode(const calor_frame *f, calor_status_payload *s) {
    if (f->type != CALOR_FRAME_STATUS || f->payload_len != 4) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    s->faults = get_u16(f->payload);
    s->unacknowledged = get_u16(f->payload + 2);
    return CALOR_OK;
}

calor_status calor_ack_decode(const calor_frame *f, calor_ack *a) {
    if (f->type != CALOR_FRAME_ACK || f->payload_len != 6) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    a->sequence = get_u32(f->payload);
    a->boot_epoch = get_u16(f->payload + 4);
    return CALOR_OK;
}

calor_status calor_time_set_decode(const calor_frame *f, int64_t *millis) {
    uint64_t v;
    if (f->type != CALOR_FRAME_TIME_SET || f->payload_len != 8) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    v = (uint64_t)get_u32(f->payload) | ((uint64_t)get_u32(f->payload + 4) << 32);
    if (v & 0x8000000000000000ull) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    *millis = (int64_t)v;
    return CALOR_OK;
}

calor_status calor_set_interval_decode(const calor_frame *f, uint16_t *seconds) {
    if (f->type != CALOR_FRAME_SET_INTERVAL || f->payload_len != 2 || get_u16(f->payload) == 0) {
        return CALOR_ERR_BAD_PAYLOAD;
    }
    *seconds = get_u16(f->payload);
    return CALOR_OK;
}

calor_status calor_payload_check(const calor_frame *f) {
    union {
        calor_hello hello;
        calor_measurement measurement;
        calor_status_payload status;
        calor_ack ack;
        int64_t millis;
        uint16_t seconds;
        uint8_t percent;
    } scratch;
    switch (f->type) {
    case CALOR_FRAME_HELLO: return calor_hello_decode(f, &scratch.hello);
    case CALOR_FRAME_MEASUREMENT: return calor_measurement_decode(f, &scratch.measurement);
    case CALOR_FRAME_BATTERY: return calor_battery_decode(f, &scratch.percent);
    case CALOR_FRAME_STATUS: return calor_status_decode(f, &scratch.status);
    case CALOR_FRAME_ACK: return calor_ack_decode(f, &scratch.ack);
    case CALOR_FRAME_TIME_SET: return calor_time_set_decode(f, &scratch.millis);
    case CALOR_FRAME_SET_INTERVAL: return calor_set_interval_decode(f, &scratch.seconds);
    default: return CALOR_ERR_UNKNOWN_TYPE;
    }
}

/* ---- builders ------------------------------------------------------------------------------------ */

static void frame_header(calor_frame *f, uint8_t type, uint32_t sequence, uint16_t boot_epoch, uint16_t len) {
    f->version = CALOR_PROTOCOL_VERSION;
    f->type = type;
    f->sequence = sequence;
    f->boot_epoch = boot_epoch;
    f->payload_len = len;
}

calor_status calor_hello_frame(const calor_hello *h, uint32_t sequence, uint16_t boot_epoch, calor_frame *f) {
    uint8_t *p = f->payload;
    size_t at;
    frame_header(f, CALOR_FRAME_HELLO, sequence, boot_epoch, 0);
    if (h->device_id_len < 1 || h->device_id_len > 64 || h->firmware_len > 32) {
        return CALOR_ERR_INVALID_ARGUMENT;
    }
    p[0] = h->min_version;
    p[1] = h->max_version;
    put_u16(p + 2, h->capabilities);
    put_u16(p + 4, h->sample_interval_s);
    put_u16(p + 6, h->stored_reading_capacity);
    p[8] = h->device_id_len;
    memcpy(p + 9, h->device_id, h->device_id_len);
    at = 9u + h->device_id_len;
    p[at] = h->firmware_len;
    memcpy(p + at + 1, h->firmware, h->firmware_len);
    f->payload_len = (uint16_t)(at + 1u + h->firmware_len);
    return calor_payload_check(f) == CALOR_OK ? CALOR_OK : CALOR_ERR_INVALID_ARGUMENT;
}

calor_status calor_measurement_frame(const calor_measurement *m, uint32_t sequence, uint16_t boot_epoch, calor_frame *f) {
    size_t n;
    frame_header(f, CALOR_FRAME_MEASUREMENT, sequence, boot_epoch, 0);
    if (m->site > CALOR_SITE_TYMPANIC) {
        return CALOR_ERR_INVALID_ARGUMENT;
    }
    f->payload[0] = m->flags;
    f->payload[1] = m->site;
    n = calor_hts_encode(&m->temperature, f->payload + 2);
    if (n == 0) {
        return CALOR_ERR_INVALID_ARGUMENT;
    }
    f->payload_len = (uint16_t)(n + 2u);
    return CALOR_OK;
}

calor_status calor_battery_frame(uint8_t percent, uint32_t sequence, uint16_t boot_epoch, calor_frame *f) {
    frame_header(f, CALOR_FRAME_BATTERY, sequence, boot_epoch, 1);
    f->payload[0] = percent;
    return percent <= 100 ? CALOR_OK : CALOR_ERR_INVALID_ARGUMENT;
}

calor_status calor_status_frame(const calor_status_payload *s, uint32_t sequence, uint16_t boot_epoch, calor_frame *f) {
    frame_header(f, CALOR_FRAME_STATUS, sequence, boot_epoch, 4);
    put_u16(f->payload, s->faults);
    put_u16(f->payload + 2, s->unacknowledged);
    return CALOR_OK;
}

calor_status calor_ack_frame(const calor_ack *a, uint32_t sequence, uint16_t boot_epoch, calor_frame *f) {
    frame_header(f, CALOR_FRAME_ACK, sequence, boot_epoch, 6);
    put_u32(f->payload, a->sequence);
    put_u16(f->payload + 4, a->boot_epoch);
    return CALOR_OK;
}

calor_status calor_time_set_frame(int64_t millis, uint32_t sequence, uint16_t boot_epoch, calor_frame *f) {
    frame_header(f, CALOR_FRAME_TIME_SET, sequence, boot_epoch, 8);
    put_u32(f->payload, (uint32_t)((uint64_t)millis & 0xFFFFFFFFu));
    put_u32(f->payload + 4, (uint32_t)((uint64_t)millis >> 32));
    return millis >= 0 ? CALOR_OK : CALOR_ERR_INVALID_ARGUMENT;
}

calor_status calor_set_interval_frame(uint16_t seconds, uint32_t sequence, uint16_t boot_epoch, calor_frame *f) {
    frame_header(f, CALOR_FRAME_SET_INTERVAL, sequence, boot_epoch, 2);
    put_u16(f->payload, seconds);
    return seconds > 0 ? CALOR_OK : CALOR_ERR_INVALID_ARGUMENT;
}

/* ---- Calor stored-reading service (GATT) --------------------------------------------------------- */

calor_status calor_stored_record_decode(const uint8_t *d, size_t len, calor_stored_record *out) {
    memset(out, 0, sizeof(*out));
    if (len < CALOR_STORED_RECORD_MIN_LEN) {
        return CALOR_ERR_GATT_TOO_SHORT;
    }
    if (len > CALOR_STORED_RECORD_MAX_LEN) {
        return CALOR_ERR_GATT_TOO_LONG;
    }
    if (d[6] & (uint8_t)~CALOR_STORED_RECORD_FLAGS) {
        return CALOR_ERR_GATT_RESERVED_FLAGS;
    }
    if (calor_hts_decode(d + 7, len - 7u, &out->measurement) != CALOR_OK) {
        memset(out, 0, sizeof(*out));
        return CALOR_ERR_GATT_BAD_MEASUREMENT;
    }
    out->boot_epoch = get_u16(d);
    out->sequence = get_u32(d + 2);
    out->flags = d[6];
    return CALOR_OK;
}

size_t calor_stored_record_encode(const calor_stored_record *r, uint8_t *out) {
    size_t n;
    if (r->flags & (uint8_t)~CALOR_STORED_RECORD_FLAGS) {
        return 0;
    }
    n = calor_hts_encode(&r->measurement, out + 7);
    if (n == 0) {
        return 0;
    }
    put_u16(out, r->boot_epoch);
    put_u32(out + 2, r->sequence);
    out[6] = r->flags;
    return 7u + n;
}

calor_status calor_control_point_decode(const uint8_t *d, size_t len, calor_control_point *out) {
    size_t expected;
    memset(out, 0, sizeof(*out));
    if (len < 1) {
        return CALOR_ERR_GATT_TOO_SHORT;
    }
    if (d[0] == CALOR_CP_TRANSFER) {
        expected = 1;
    } else if (d[0] == CALOR_CP_ACKNOWLEDGE) {
        expected = CALOR_CP_MAX_LEN;
    } else {
        return CALOR_ERR_GATT_UNKNOWN_OPCODE;
    }
    if (len != expected) {
        return len < expected ? CALOR_ERR_GATT_TOO_SHORT : CALOR_ERR_GATT_TOO_LONG;
    }
    out->opcode = d[0];
    if (d[0] == CALOR_CP_ACKNOWLEDGE) {
        out->boot_epoch = get_u16(d + 1);
        out->sequence = get_u32(d + 3);
    }
    return CALOR_OK;
}

size_t calor_control_point_encode(const calor_control_point *c, uint8_t *out) {
    if (c->opcode == CALOR_CP_TRANSFER) {
        out[0] = CALOR_CP_TRANSFER;
        return 1;
    }
    if (c->opcode != CALOR_CP_ACKNOWLEDGE) {
        return 0;
    }
    out[0] = CALOR_CP_ACKNOWLEDGE;
    put_u16(out + 1, c->boot_epoch);
    put_u32(out + 3, c->sequence);
    return CALOR_CP_MAX_LEN;
}

calor_status calor_store_status_decode(const uint8_t *d, size_t len, calor_store_status *out) {
    memset(out, 0, sizeof(*out));
    if (len != CALOR_STORE_STATUS_LEN) {
        return len < CALOR_STORE_STATUS_LEN ? CALOR_ERR_GATT_TOO_SHORT : CALOR_ERR_GATT_TOO_LONG;
    }
    out->boot_epoch = get_u16(d);
    out->next_sequence = get_u32(d + 2);
    out->held = get_u16(d + 6);
    out->overwritten = get_u16(d + 8);
    return CALOR_OK;
}

size_t calor_store_status_encode(const calor_store_status *s, uint8_t *out) {
    put_u16(out, s->boot_epoch);
    put_u32(out + 2, s->next_sequence);
    put_u16(out + 6, s->held);
    put_u16(out + 8, s->overwritten);
    return CALOR_STORE_STATUS_LEN;
}
