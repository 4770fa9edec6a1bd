package dev.calor.contract.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** One row of a vectors/*.tsv file. */
record Vector(String file, String name, String kind, byte[] bytes, String expect, String fields) {

    static final Path DIR = Path.of("vectors");

    boolean ok() {
        return expect.equals("ok");
    }

    static List<Vector> all() {
        List<Vector> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] c = line.split("\t", -1);
                    if (c.length != 5) {
                        throw new IllegalStateException(file + ": expected 5 columns: " + line);
                    }
                    out.add(new Vector(
                            file.getFileName().toString(),
                            c[0],
                            c[1],
                            HexFormat.of().parseHex(c[2]),
                            c[3],
                            c[4]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public String toString() {
        return file + ":" + name;
    }
}
