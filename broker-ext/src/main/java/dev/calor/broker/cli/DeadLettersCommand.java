package dev.calor.broker.cli;

import dev.calor.broker.deadletter.DeadLetter;
import dev.calor.broker.deadletter.DeadLetterStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./calor broker dead-letters list|reinject --store DIR}: looks into the dead-letter store and asks
 * the running broker to re-inject letters (it re-validates them at its next reload tick).
 */
@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        description =
                "Lists the dead-letter store, or queues letters for the running broker to re-validate and forward.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Reinject.class})
public final class DeadLettersCommand {

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "extension.dead-letter.store-dir")
    Path store;

    DeadLetterStore open() {
        // the bounds only matter to the broker's own pruning; listing and moving never prune
        return new DeadLetterStore(store, Long.MAX_VALUE, Duration.ofDays(365_000), Clock.systemUTC());
    }

    @Command(name = "list", description = "One line per letter: id, received, device, reason, bytes, detail.")
    static final class ListLetters implements Callable<Integer> {
        @ParentCommand
        DeadLettersCommand parent;

        @Override
        public Integer call() {
            List<DeadLetter> letters = parent.open().list();
            for (DeadLetter l : letters) {
                System.out.printf(
                        "%s  %s  %-24s %-26s %7d%s  %s%n",
                        l.id(),
                        l.receivedAt(),
                        l.deviceId(),
                        l.reason(),
                        l.payloadBytes(),
                        l.truncated() ? " (truncated)" : "",
                        l.detail());
            }
            System.err.println(letters.size() + " dead letters in " + parent.store);
            return 0;
        }
    }

    @Command(name = "reinject", description = "Queues letters for re-validation and forwarding by the running broker.")
    static final class Reinject implements Callable<Integer> {
        @ParentCommand
        DeadLettersCommand parent;

        @Option(names = "--id", paramLabel = "ID", description = "A letter's id (repeatable).")
        List<String> ids = List.of();

        @Option(names = "--all", description = "Every letter in the store.")
        boolean all;

        @Override
        public Integer call() {
            DeadLetterStore s = parent.open();
            List<String> wanted = all ? s.list().stream().map(DeadLetter::id).toList() : ids;
            if (wanted.isEmpty()) {
                System.err.println("give --id ID (repeatable) or --all");
                return 2;
            }
            List<String> moved = s.requestReinjection(wanted);
            System.err.println(moved.size() + " of " + wanted.size()
                    + " letters queued; the broker re-validates them at its next reload tick");
            return moved.size() == wanted.size() ? 0 : 1;
        }
    }
}
