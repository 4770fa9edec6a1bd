package dev.calor.sim.ble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.contract.gatt.StoreStatus;
import dev.calor.contract.gatt.StoredRecord;
import org.junit.jupiter.api.Test;

class RecordStoreTest {

    private static final byte[] MEASUREMENT = {0x00, 0x6f, 0x01, 0x00, (byte) 0xff};

    @Test
    void numbersRecordsConsecutivelyFromTheFirstSequence() {
        RecordStore store = new RecordStore(10, 3, 41);

        StoredRecord first = store.append(0, MEASUREMENT);
        StoredRecord second = store.append(0, MEASUREMENT);

        assertThat(first.sequence()).isEqualTo(41);
        assertThat(second.sequence()).isEqualTo(42);
        assertThat(second.bootEpoch()).isEqualTo(3);
    }

    @Test
    void acknowledgementFreesThatRecordAndEverythingBeforeIt() {
        RecordStore store = new RecordStore(10, 1, 0);
        for (int i = 0; i < 5; i++) {
            store.append(0, MEASUREMENT);
        }

        int freed = store.acknowledge(1, 2);

        assertThat(freed).isEqualTo(3);
        assertThat(store.snapshot()).extracting(StoredRecord::sequence).containsExactly(3L, 4L);
    }

    @Test
    void acknowledgementOfAnUnknownRecordFreesNothing() {
        RecordStore store = new RecordStore(10, 1, 0);
        store.append(0, MEASUREMENT);

        assertThat(store.acknowledge(2, 0)).isZero();
        assertThat(store.acknowledge(1, 7)).isZero();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void fullStoreOverwritesTheOldestAndCountsIt() {
        RecordStore store = new RecordStore(3, 1, 0);
        for (int i = 0; i < 5; i++) {
            store.append(0, MEASUREMENT);
        }

        assertThat(store.snapshot()).extracting(StoredRecord::sequence).containsExactly(2L, 3L, 4L);
        assertThat(store.status()).isEqualTo(new StoreStatus(1, 5, 3, 2));
    }

    @Test
    void sequenceWrapsAtUint32() {
        RecordStore store = new RecordStore(3, 1, 0xFFFF_FFFFL);

        store.append(0, MEASUREMENT);

        assertThat(store.append(0, MEASUREMENT).sequence()).isZero();
    }
}
