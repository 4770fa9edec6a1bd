package dev.calor.app;

import dev.calor.app.config.AppConfig;
import dev.calor.app.config.AppConfigLoader;
import dev.calor.app.db.Database;
import dev.calor.app.identity.Invitations;
import dev.calor.app.mail.InvitationMailer;
import dev.calor.app.registry.Circles;
import dev.calor.app.registry.RegistryExporter;
import dev.calor.app.registry.RegistryImporter;
import dev.calor.app.registry.Role;
import dev.calor.config.ConfigException;
import dev.calor.proto.CareCircleFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./calor app}: runs the care-app, or imports/exports the registry, or prints an invitation. */
@Command(
        name = "app",
        mixinStandardHelpOptions = true,
        description = "The caregivers' app: registry on PostgreSQL, identity, REST API, live updates.",
        subcommands = {AppMain.Import.class, AppMain.Export.class, AppMain.Invite.class})
public final class AppMain implements Callable<Integer> {

    static {
        // before the first logger: logback reads its configuration then
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "calor-app-logback.xml");
        }
    }

    @Option(
            names = "--config",
            required = true,
            description = "YAML configuration file",
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AppMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        AppConfig c = load(config);
        if (c == null) {
            return 2;
        }
        CareApp app = CareApp.start(c, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "calor-app-shutdown"));
        System.out.println("care-app listening on http://" + c.host() + ":" + app.port()
                + " (API at /api/v1, docs at /api/v1/docs)");
        stopped.await();
        return 0;
    }

    static AppConfig load(Path file) {
        try {
            return AppConfigLoader.load(file);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return null;
        }
    }

    @Command(name = "import", description = "Load a care-circle JSON file into PostgreSQL (upsert).")
    static final class Import implements Callable<Integer> {
        @CommandLine.ParentCommand
        AppMain parent;

        @Parameters(index = "0", description = "care-circle JSON file")
        Path file;

        @Override
        public Integer call() {
            AppConfig c = load(parent.config);
            if (c == null) {
                return 2;
            }
            try (Database db = Database.open(c.databaseUrl(), 2)) {
                var s = RegistryImporter.load(db, CareCircleFiles.read(file), file.toString());
                System.out.printf(
                        "imported %d patients, %d assignments, %d caregivers from %s%n",
                        s.patients(), s.assignments(), s.caregivers(), file);
                return 0;
            } catch (RuntimeException e) {
                System.err.println("import failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "export", description = "Write the registry from PostgreSQL as a care-circle JSON file.")
    static final class Export implements Callable<Integer> {
        @CommandLine.ParentCommand
        AppMain parent;

        @Parameters(index = "0", description = "file to write (atomically)")
        Path file;

        @Override
        public Integer call() {
            AppConfig c = load(parent.config);
            if (c == null) {
                return 2;
            }
            try (Database db = Database.open(c.databaseUrl(), 2)) {
                long version = new RegistryExporter(db, file).export();
                System.out.printf("exported registry version %d to %s%n", version, file);
                return 0;
            } catch (RuntimeException e) {
                System.err.println("export failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "invite", description = "Print an invitation link into a patient's circle (e.g. its first owner).")
    static final class Invite implements Callable<Integer> {
        @CommandLine.ParentCommand
        AppMain parent;

        @Option(names = "--patient", required = true)
        String patientId;

        @Option(names = "--role", defaultValue = "owner", description = "owner, family or clinician")
        String role;

        @Option(names = "--email")
        String email;

        @Override
        public Integer call() {
            AppConfig c = load(parent.config);
            if (c == null) {
                return 2;
            }
            try (Database db = Database.open(c.databaseUrl(), 2)) {
                Circles circles = new Circles(db);
                var inv = new Invitations(
                                db,
                                circles,
                                null,
                                Clock.systemUTC(),
                                c.publicUrl(),
                                new InvitationMailer(c.email()),
                                null,
                                null)
                        .create(patientId, Role.parse(role), email, null);
                System.out.printf(
                        "invitation %s (%s, valid until %s):%n  code %s%n  link %s%n  e-mail: %s%s%n",
                        inv.invitationId(),
                        role,
                        inv.expiresAt(),
                        inv.code(),
                        inv.link(),
                        inv.email().status(),
                        inv.email().detail() == null ? "" : " (" + inv.email().detail() + ")");
                return 0;
            } catch (RuntimeException e) {
                System.err.println("invite failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
