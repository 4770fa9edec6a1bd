package dev.calor.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WorkerMainTest {

    @TempDir
    Path dir;

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        int code =
                new CommandLine(new WorkerMain()).setOut(new PrintWriter(out)).execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("--config", "--init-db", "--shards", "--help");
    }

    @Test
    void refusesToStartOnAnInvalidConfigWithExitCode2() throws Exception {
        Path config = dir.resolve("worker.yaml");
        Files.writeString(config, "worker-id: w\nshard-count: 0\ncare-circle-file: missing.json\n");
        assertThat(new CommandLine(new WorkerMain()).execute("--config", config.toString()))
                .isEqualTo(2);
    }

    @Test
    void refusesShardsOutsideTheShardCount() throws Exception {
        Path config = dir.resolve("worker.yaml");
        Files.copy(Path.of("config/care-circle.example.json"), dir.resolve("cc.json"));
        Files.writeString(config, "worker-id: w\ncare-circle-file: cc.json\n");
        assertThat(new CommandLine(new WorkerMain()).execute("--config", config.toString(), "--shards", "3-40"))
                .isEqualTo(2);
    }
}
