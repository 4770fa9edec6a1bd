package dev.calor.edgebridge.tool;

import dev.calor.edgebridge.buffer.BufferLock;
import dev.calor.edgebridge.time.TimeConversions;
import dev.calor.proto.v1.Reading;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code calor bridge buffer status|list|quarantine|requeue|export --buffer FILE}: the operator's view of a
 * bridge's buffer file. Everything but {@code requeue} is read-only and safe beside a running bridge.
 */
@Command(
        name = "buffer",
        mixinStandardHelpOptions = true,
        description = "Inspect a bridge's buffer file (read-only), or requeue quarantined batches (stopped bridge).",
        subcommands = {
            BufferCommand.Status.class,
            BufferCommand.ListPending.class,
            BufferCommand.Quarantine.class,
            BufferCommand.Requeue.class,
            BufferCommand.Export.class
        })
public final class BufferCommand {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    PrintStream out = System.out;
    PrintStream err = System.err;

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        BufferCommand parent;

        @Option(names = "--buffer", required = true, paramLabel = "FILE", description = "the bridge's buffer.file")
        Path buffer;

        @Option(names = "--device", paramLabel = "ID", description = "only this patch")
        Optional<String> device;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(buffer)) {
                parent.err.println("calor bridge buffer: no buffer file at " + buffer);
                return EXIT_USAGE;
            }
            try (BufferFileReader reader = new BufferFileReader(buffer)) {
                return run(reader, parent.out);
            }
        }

        abstract int run(BufferFileReader reader, PrintStream out) throws Exception;
    }

    @Command(name = "status", description = "integrity, pending readings and quarantine per patch")
    static final class Status extends Sub {
        @Override
        int run(BufferFileReader reader, PrintStream out) throws Exception {
            String check = reader.quickCheck();
            out.println("buffer " + buffer + ": quick_check " + check);
            out.printf("%-24s %10s %12s %12s %12s%n", "device", "pending", "bytes", "quarantined", "q.readings");
            for (BufferFileReader.DeviceSummary d : reader.summary()) {
                if (device.isEmpty() || device.get().equals(d.device())) {
                    out.printf(
                            "%-24s %10d %12d %12d %12d%n",
                            d.device(), d.pending(), d.bytes(), d.quarantinedBatches(), d.quarantinedReadings());
                }
            }
            return "ok".equals(check) ? 0 : EXIT_FAILURE;
        }
    }

    @Command(name = "list", description = "pending readings, in publishing order")
    static final class ListPending extends Sub {
        @Option(names = "--limit", defaultValue = "100", description = "at most this many (default ${DEFAULT-VALUE})")
        long limit;

        @Override
        int run(BufferFileReader reader, PrintStream out) throws Exception {
            out.println("device\tboot_epoch\tsequence\tsample_time\ttemperature_c\tsite\tquality_flags\treceived");
            reader.pending(
                    device,
                    limit,
                    p -> out.println(row(p.device(), p.reading()) + "\t" + BufferFileReader.iso(p.receivedNs())));
            return 0;
        }
    }

    @Command(name = "quarantine", description = "batches the broker refused, with its reason")
    static final class Quarantine extends Sub {
        @Override
        int run(BufferFileReader reader, PrintStream out) throws Exception {
            out.println("id\tdevice\tbatch\treason_code\treadings\tquarantined\treason");
            for (BufferFileReader.Quarantined q : reader.quarantined(device)) {
                out.printf(
                        "%d\t%s\t%d\t0x%02x\t%d\t%s\t%s%n",
                        q.id(),
                        q.device(),
                        q.batchId(),
                        q.reasonCode(),
                        q.readings(),
                        BufferFileReader.iso(q.atNs()),
                        q.reason());
            }
            return 0;
        }
    }

    @Command(name = "requeue", description = "make quarantined batches pending again (the bridge must be stopped)")
    static final class Requeue extends Sub {
        @Option(names = "--id", paramLabel = "N", description = "the quarantine id (see 'quarantine'); repeatable")
        List<Long> ids = List.of();

        @Option(names = "--all", description = "every quarantined batch (of --device, if given)")
        boolean all;

        @Override
        int run(BufferFileReader reader, PrintStream out) throws Exception {
            if (ids.isEmpty() == !all) {
                parent.err.println("calor bridge buffer requeue: give --id N (repeatable) or --all");
                return EXIT_USAGE;
            }
            List<BufferFileReader.Quarantined> chosen = reader.quarantined(device).stream()
                    .filter(q -> all || ids.contains(q.id()))
                    .toList();
            Optional<BufferLock> lock = BufferLock.tryAcquire(buffer);
            if (lock.isEmpty()) {
                parent.err.println(
                        "calor bridge buffer requeue: " + buffer + " is in use by a running bridge; stop it first");
                return EXIT_FAILURE;
            }
            try (BufferLock held = lock.get()) {
                long readings = BufferRequeue.requeue(buffer, chosen, TimeConversions.toNanos(Instant.now()));
                out.println("requeued " + chosen.size() + " batches (" + readings + " readings);"
                        + " the bridge publishes them when it starts");
            }
            return 0;
        }
    }

    @Command(
            name = "export",
            description = "pending (or quarantined) readings as CSV, e.g. to salvage a file moved aside")
    static final class Export extends Sub {
        @Option(names = "--quarantined", description = "export the readings of quarantined batches instead")
        boolean quarantined;

        @Override
        int run(BufferFileReader reader, PrintStream out) throws Exception {
            out.println("device,boot_epoch,sequence,sample_time,temperature_c,site,quality_flags");
            if (quarantined) {
                for (BufferFileReader.Quarantined q : reader.quarantined(device)) {
                    for (Reading r : q.parsedReadings()) {
                        out.println(row(q.device(), r).replace('\t', ','));
                    }
                }
            } else {
                reader.pending(
                        device,
                        Long.MAX_VALUE,
                        p -> out.println(row(p.device(), p.reading()).replace('\t', ',')));
            }
            return 0;
        }
    }

    private static String row(String device, Reading r) {
        return String.join(
                "\t",
                device,
                Integer.toUnsignedString(r.getBootEpoch()),
                Integer.toUnsignedString(r.getSequence()),
                BufferFileReader.iso(r.getSampleTimeUnixNs()),
                Double.toString(r.getTemperatureCelsius()),
                r.getSite().name(),
                Integer.toString(r.getQualityFlags()));
    }
}
