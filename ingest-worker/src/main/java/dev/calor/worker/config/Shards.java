package dev.calor.worker.config;

import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Parses shard sets such as "0-7", "0,2,4" or "all". */
public final class Shards {

    private Shards() {}

    /** Reports each invalid part to {@code problem} and leaves it out of the set. */
    public static SortedSet<Integer> parse(String text, int shardCount, Consumer<String> problem) {
        SortedSet<Integer> shards = new TreeSet<>();
        if (text == null || text.isBlank() || text.trim().equals("all")) {
            for (int i = 0; i < shardCount; i++) {
                shards.add(i);
            }
            return shards;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to =
                        dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 0 || to >= shardCount || from > to) {
                    problem.accept("'" + p + "' is outside 0.." + (shardCount - 1));
                    continue;
                }
                for (int i = from; i <= to; i++) {
                    shards.add(i);
                }
            } catch (NumberFormatException e) {
                problem.accept("'" + p + "' is not a shard number or range");
            }
        }
        return shards;
    }
}
