/*
 * Random and mutation fuzzing of the C decoders, meant to run under AddressSanitizer and
 * UndefinedBehaviorSanitizer (make fuzz): every input must give CALOR_OK or a defined error, without a memory
 * error, undefined behaviour, or reading past the input. Usage: fuzz_decode [iterations] [seed]
 */
#include "calor_contract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint32_t next_random(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)(state >> 32);
}

static int valid_status(calor_status s) { return s >= CALOR_OK && s <= CALOR_ERR_GATT_UNKNOWN_OPCODE; }

static int fail(const char *what, long i) {
    fprintf(stderr, "fuzz: %s at iteration %ld\n", what, i);
    return 1;
}

int main(int argc, char **argv) {
    long iterations = argc > 1 ? atol(argv[1]) : 200000;
    long i, frames = 0;
    if (argc > 2) {
        state = (uint64_t)strtoull(argv[2], NULL, 10) | 1u;
    }
    for (i = 0; i < iterations; i++) {
        uint8_t *buf;
        size_t len = next_random() % 300u, k;
        calor_frame f;
        calor_hts_measurement m;
        calor_status s;
        /* exact-size heap copy, so ASan sees any read past the input */
        buf = malloc(len ? len : 1);
        if (buf == NULL) return 2;
        if (i % 2 == 0) {
            for (k = 0; k < len; k++) buf[k] = (uint8_t)next_random();
        } else {
            /* a valid frame with a few bytes changed, so decoding gets past the CRC sometimes */
            calor_frame valid;
            uint8_t wire[CALOR_MAX_WIRE];
            size_t n, flips = 1 + next_random() % 3;
            calor_ack ack;
            calor_measurement meas;
            memset(&meas, 0, sizeof meas);
            meas.site = (uint8_t)(next_random() % 8);
            meas.temperature.value = next_random();
            meas.temperature.has_type = (uint8_t)(next_random() & 1);
            meas.temperature.type = (uint8_t)(1 + next_random() % 9);
            ack.sequence = next_random();
            ack.boot_epoch = (uint16_t)next_random();
            if (next_random() & 1) {
                calor_ack_frame(&ack, next_random(), (uint16_t)next_random(), &valid);
            } else if (calor_measurement_frame(&meas, next_random(), 1, &valid) != CALOR_OK) {
                calor_battery_frame(50, 1, 1, &valid);
            }
            n = calor_frame_encode(&valid, wire);
            if (next_random() % 4 == 0) {
                flips = 0; /* a quarter stay valid */
            }
            for (k = 0; k < flips; k++) wire[next_random() % n] ^= (uint8_t)(1 + next_random() % 255);
            free(buf);
            len = n;
            buf = malloc(len);
            if (buf == NULL) return 2;
            memcpy(buf, wire, len);
        }
        s = calor_frame_decode(buf, len, &f);
        if (!valid_status(s)) return fail("frame status out of range", i);
        if (s == CALOR_OK) {
            frames++;
            if (f.payload_len > CALOR_MAX_PAYLOAD || calor_payload_check(&f) != CALOR_OK) {
                return fail("accepted frame with a bad payload", i);
            }
        }
        s = calor_hts_decode(buf, len < 20 ? len : 20, &m);
        if (!valid_status(s)) return fail("hts status out of range", i);
        {
            /* the GATT values are short: fuzz them on the first 0..21 bytes */
            size_t g = len < 22 ? len : (size_t)(next_random() % 22u);
            calor_stored_record rec;
            calor_control_point cp;
            calor_store_status ss;
            uint8_t again[CALOR_STORED_RECORD_MAX_LEN];
            uint8_t *gb = malloc(g ? g : 1); /* exact size again, so ASan sees a read past g */
            if (gb == NULL) return 2;
            memcpy(gb, buf, g);
            s = calor_stored_record_decode(gb, g, &rec);
            if (!valid_status(s)) return fail("stored record status out of range", i);
            if (s == CALOR_OK && calor_stored_record_encode(&rec, again) == 0) {
                return fail("accepted stored record does not re-encode", i);
            }
            s = calor_control_point_decode(gb, g, &cp);
            if (!valid_status(s)) return fail("control point status out of range", i);
            s = calor_store_status_decode(gb, g, &ss);
            if (!valid_status(s)) return fail("store status status out of range", i);
            free(gb);
        }
        {
            calor_stream st;
            calor_status err;
            calor_stream_init(&st);
            for (k = 0; k < len; k++) {
                (void)calor_stream_feed(&st, buf[k], &f, &err);
                if (st.len > CALOR_MAX_BLOCK) return fail("stream buffer overrun", i);
            }
        }
        free(buf);
    }
    printf("C fuzz: %ld inputs, %ld decoded as frames, no memory error or undefined behaviour\n", iterations, frames);
    return 0;
}
