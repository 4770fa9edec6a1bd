package dev.calor.sim.fleet;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs only the fleet, for load tests without the rest of the simulator. */
@Command(
        name = "calor-fleet",
        mixinStandardHelpOptions = true,
        description = "N simulated patches, each on its own MQTT 5 connection, publishing ReadingBatches.")
public final class FleetMain implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Override
    public Integer call() throws InterruptedException {
        if (!fleet.enabled()) {
            fleet.devices = 1;
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return fleet.run(out, err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FleetMain()).execute(args));
    }
}
