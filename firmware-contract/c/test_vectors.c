/*
 * Runs the Calor contract vectors (the .tsv files in ../vectors) against the C reference codec.
 * Usage: test_vectors FILE.tsv...   Exit status 0 when every vector passes.
 */
#include "calor_contract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 4096

static int failures;
static int passed;

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t parse_hex(const char *hex, uint8_t *out, size_t cap) {
    size_t n = 0;
    while (hex[0] && hex[1] && n < cap) {
        out[n++] = (uint8_t)(hex_value(hex[0]) << 4 | hex_value(hex[1]));
        hex += 2;
    }
    return n;
}

static void to_hex(const uint8_t *b, size_t n, char *out) {
    static const char digits[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 0xF];
    }
    out[2 * n] = 0;
}

static void float_fields(uint32_t bits, char *out, size_t cap) {
    snprintf(out, cap, "mantissa=%ld exponent=%d special=%s", (long)calor_float_mantissa(bits),
             calor_float_exponent(bits), calor_special_name(calor_float_special(bits)));
}

static void hts_fields(const calor_hts_measurement *m, char *out, size_t cap) {
    char f[128], ts[32], type[8];
    float_fields(m->value, f, sizeof f);
    if (m->has_time) {
        snprintf(ts, sizeof ts, "%04u-%02u-%02uT%02u:%02u:%02u", m->year, m->month, m->day, m->hours, m->minutes,
                 m->seconds);
    } else {
        strcpy(ts, "-");
    }
    if (m->has_type) {
        snprintf(type, sizeof type, "%u", m->type);
    } else {
        strcpy(type, "-");
    }
    snprintf(out, cap, "unit=%s %s ts=%s ttype=%s", m->fahrenheit ? "F" : "C", f, ts, type);
}

static void frame_fields(const calor_frame *fr, char *out, size_t cap) {
    char payload[2 * CALOR_MAX_PAYLOAD + 1], body[1024];
    to_hex(fr->payload, fr->payload_len, payload);
    switch (fr->type) {
    case CALOR_FRAME_HELLO: {
        calor_hello h;
        calor_hello_decode(fr, &h);
        snprintf(body, sizeof body, "min=%u max=%u caps=%u interval=%u capacity=%u id=%s fw=%s", h.min_version,
                 h.max_version, h.capabilities, h.sample_interval_s, h.stored_reading_capacity, h.device_id, h.firmware);
        break;
    }
    case CALOR_FRAME_MEASUREMENT: {
        calor_measurement m;
        char hts[256];
        calor_measurement_decode(fr, &m);
        hts_fields(&m.temperature, hts, sizeof hts);
        snprintf(body, sizeof body, "flags=%u site=%u %s", m.flags, m.site, hts);
        break;
    }
    case CALOR_FRAME_BATTERY: {
        uint8_t p = 0;
        calor_battery_decode(fr, &p);
        snprintf(body, sizeof body, "percent=%u", p);
        break;
    }
    case CALOR_FRAME_STATUS: {
        calor_status_payload s;
        calor_status_decode(fr, &s);
        snprintf(body, sizeof body, "faults=%u unacked=%u", s.faults, s.unacknowledged);
        break;
    }
    case CALOR_FRAME_ACK: {
        calor_ack a;
        calor_ack_decode(fr, &a);
        snprintf(body, sizeof body, "ack_seq=%lu ack_boot=%u", (unsigned long)a.sequence, a.boot_epoch);
        break;
    }
    case CALOR_FRAME_TIME_SET: {
        int64_t ms = 0;
        calor_time_set_decode(fr, &ms);
        snprintf(body, sizeof body, "millis=%lld", (long long)ms);
        break;
    }
    default: {
        uint16_t s = 0;
        calor_set_interval_decode(fr, &s);
        snprintf(body, sizeof body, "seconds=%u", s);
    }
    }
    snprintf(out, cap, "version=%u type=%s seq=%lu boot=%u payload=%s %s", fr->version, calor_frame_type_name(fr->type),
             (unsigned long)fr->sequence, fr->boot_epoch, payload, body);
}

static void check(const char *name, const char *what, const char *expected, const char *actual) {
    if (strcmp(expected, actual) != 0) {
        failures++;
        fprintf(stderr, "FAIL %s: %s\n  expected: %s\n  actual:   %s\n", name, what, expected, actual);
    }
}

static void run(const char *name, const char *kind, const uint8_t *b, size_t n, const char *expect, const char *fields) {
    char actual[4096];
    int before = failures;
    if (strcmp(kind, "crc16") == 0) {
        snprintf(actual, sizeof actual, "crc=%04x", calor_crc16(b, n));
        check(name, "crc", fields, actual);
    } else if (strcmp(kind, "cobs") == 0) {
        uint8_t out[1024], again[1100];
        size_t m = 0;
        calor_status s = calor_cobs_decode(b, n, out, &m);
        if (strcmp(expect, "ok") == 0) {
            char hex[2100];
            check(name, "status", "ok", calor_status_name(s));
            to_hex(out, m, hex);
            snprintf(actual, sizeof actual, "decoded=%s", hex);
            check(name, "decoded", fields, actual);
            if (calor_cobs_encode(out, m, again) != n || memcmp(again, b, n) != 0) {
                check(name, "re-encoded", "same bytes", "different bytes");
            }
        } else {
            check(name, "status", expect, calor_status_name(s));
        }
    } else if (strcmp(kind, "float") == 0) {
        uint32_t bits = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        float_fields(bits, actual, sizeof actual);
        check(name, "fields", fields, actual);
    } else if (strcmp(kind, "sfloat") == 0) {
        uint16_t bits = (uint16_t)(b[0] | b[1] << 8);
        snprintf(actual, sizeof actual, "mantissa=%d exponent=%d special=%s", calor_sfloat_mantissa(bits),
                 calor_sfloat_exponent(bits), calor_special_name(calor_sfloat_special(bits)));
        check(name, "fields", fields, actual);
    } else if (strcmp(kind, "hts") == 0) {
        calor_hts_measurement m;
        calor_status s = calor_hts_decode(b, n, &m);
        check(name, "status", expect, calor_status_name(s));
        if (s == CALOR_OK && strcmp(expect, "ok") == 0) {
            uint8_t again[CALOR_HTS_MAX_LEN];
            size_t k;
            hts_fields(&m, actual, sizeof actual);
            check(name, "fields", fields, actual);
            k = calor_hts_encode(&m, again);
            if (strstr(name, "unknown-date") == NULL && (k != n || memcmp(again, b, n) != 0)) {
                check(name, "re-encoded", "same bytes", "different bytes");
            }
        }
    } else if (strcmp(kind, "frame") == 0) {
        calor_frame f;
        calor_status s = calor_frame_decode(b, n, &f);
        check(name, "status", expect, calor_status_name(s));
        if (s == CALOR_OK && strcmp(expect, "ok") == 0) {
            uint8_t wire[CALOR_MAX_WIRE];
            size_t k;
            frame_fields(&f, actual, sizeof actual);
            check(name, "fields", fields, actual);
            k = calor_frame_encode(&f, wire);
            if (k != n || memcmp(wire, b, n) != 0) {
                check(name, "re-encoded", "same bytes", "different bytes");
            }
        }
    } else if (strcmp(kind, "stored-record") == 0) {
        calor_stored_record r;
        calor_status s = calor_stored_record_decode(b, n, &r);
        check(name, "status", expect, calor_status_name(s));
        if (s == CALOR_OK && strcmp(expect, "ok") == 0) {
            uint8_t again[CALOR_STORED_RECORD_MAX_LEN];
            char hts[256];
            size_t k;
            hts_fields(&r.measurement, hts, sizeof hts);
            snprintf(actual, sizeof actual, "boot=%u seq=%lu flags=%u %s", r.boot_epoch, (unsigned long)r.sequence,
                     r.flags, hts);
            check(name, "fields", fields, actual);
            k = calor_stored_record_encode(&r, again);
            if (k != n || memcmp(again, b, n) != 0) {
                check(name, "re-encoded", "same bytes", "different bytes");
            }
        }
    } else if (strcmp(kind, "control-point") == 0) {
        calor_control_point c;
        calor_status s = calor_control_point_decode(b, n, &c);
        check(name, "status", expect, calor_status_name(s));
        if (s == CALOR_OK && strcmp(expect, "ok") == 0) {
            uint8_t again[CALOR_CP_MAX_LEN];
            size_t k;
            if (c.opcode == CALOR_CP_TRANSFER) {
                snprintf(actual, sizeof actual, "op=TRANSFER");
            } else {
                snprintf(actual, sizeof actual, "op=ACKNOWLEDGE boot=%u seq=%lu", c.boot_epoch,
                         (unsigned long)c.sequence);
            }
            check(name, "fields", fields, actual);
            k = calor_control_point_encode(&c, again);
            if (k != n || memcmp(again, b, n) != 0) {
                check(name, "re-encoded", "same bytes", "different bytes");
            }
        }
    } else if (strcmp(kind, "store-status") == 0) {
        calor_store_status st;
        calor_status s = calor_store_status_decode(b, n, &st);
        check(name, "status", expect, calor_status_name(s));
        if (s == CALOR_OK && strcmp(expect, "ok") == 0) {
            uint8_t again[CALOR_STORE_STATUS_LEN];
            size_t k;
            snprintf(actual, sizeof actual, "boot=%u next_seq=%lu held=%u overwritten=%u", st.boot_epoch,
                     (unsigned long)st.next_sequence, st.held, st.overwritten);
            check(name, "fields", fields, actual);
            k = calor_store_status_encode(&st, again);
            if (k != n || memcmp(again, b, n) != 0) {
                check(name, "re-encoded", "same bytes", "different bytes");
            }
        }
    } else if (strcmp(kind, "epoch-order") == 0) {
        uint16_t a = (uint16_t)(b[0] | b[1] << 8), e = (uint16_t)(b[2] | b[3] << 8);
        int order = 0;
        calor_status s = calor_epoch_compare(a, e, &order);
        check(name, "status", expect, calor_status_name(s));
        if (s == CALOR_OK && strcmp(expect, "ok") == 0) {
            snprintf(actual, sizeof actual, "a=%u b=%u next=%u b_is=%s", a, e, calor_epoch_next(a),
                     order == 0 ? "same" : (order < 0 ? "newer" : "older"));
            check(name, "fields", fields, actual);
        }
    } else {
        check(name, "kind", "known kind", kind);
    }
    if (failures == before) {
        passed++;
    }
}

/* The stream decoder finds every frame in a noisy byte stream and resynchronises after garbage. */
static void stream_test(void) {
    calor_stream s;
    calor_frame f, got;
    calor_ack ack = {42, 7};
    uint8_t wire[CALOR_MAX_WIRE];
    size_t n, i;
    int frames = 0, errors = 0;
    calor_status err;
    static const uint8_t noise[] = {0x11, 0x22, 0x00, 0x00};
    calor_stream_init(&s);
    calor_ack_frame(&ack, 1, 7, &f);
    n = calor_frame_encode(&f, wire);
    for (i = 0; i < sizeof noise; i++) {
        calor_stream_result r = calor_stream_feed(&s, noise[i], &got, &err);
        errors += r == CALOR_STREAM_ERROR;
    }
    for (i = 0; i < 300; i++) { /* a run with no delimiter: one TOO_LONG, bounded memory */
        calor_stream_result r = calor_stream_feed(&s, 0x55, &got, &err);
        errors += r == CALOR_STREAM_ERROR;
    }
    calor_stream_feed(&s, 0x00, &got, &err);
    for (i = 0; i < n; i++) {
        if (calor_stream_feed(&s, wire[i], &got, &err) == CALOR_STREAM_FRAME) {
            calor_ack a;
            frames++;
            if (calor_ack_decode(&got, &a) != CALOR_OK || a.sequence != 42 || a.boot_epoch != 7) {
                check("stream", "ack", "42/7", "other");
            }
        }
    }
    if (frames != 1 || errors != 2) {
        char msg[64];
        snprintf(msg, sizeof msg, "frames=%d errors=%d", frames, errors);
        check("stream", "counts", "frames=1 errors=2", msg);
    } else {
        passed++;
    }
}

int main(int argc, char **argv) {
    int i;
    char line[LINE_MAX_LEN];
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.tsv...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++) {
        FILE *in = fopen(argv[i], "r");
        if (!in) {
            perror(argv[i]);
            return 2;
        }
        while (fgets(line, sizeof line, in)) {
            char *cols[5];
            char *p = line;
            int c;
            uint8_t bytes[1024];
            size_t n;
            line[strcspn(line, "\r\n")] = 0;
            if (line[0] == '#' || line[0] == 0) continue;
            for (c = 0; c < 5; c++) {
                cols[c] = p;
                p = strchr(p, '\t');
                if (!p && c < 4) {
                    fprintf(stderr, "%s: bad line: %s\n", argv[i], line);
                    return 2;
                }
                if (p) *p++ = 0;
            }
            n = parse_hex(cols[2], bytes, sizeof bytes);
            run(cols[0], cols[1], bytes, n, cols[3], cols[4]);
        }
        fclose(in);
    }
    stream_test();
    printf("C reference codec: %d passed, %d failed\n", passed, failures);
    return failures == 0 ? 0 : 1;
}
