package org.incidentmapper.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@code ./mapper backup [FILE] [--spring.options…]} and {@code ./mapper restore FILE [--spring.options…]}.
 *
 * <p>The options are those of {@code ./mapper start}: the same settings find the same database (the private
 * cluster, which is started if it is not running, or {@code spring.datasource.*}). Nothing of the app starts: no
 * migrations, no loaders, no web server. Exit status 0: done; 3: refused (corrupt file, database not empty), with
 * the reason on stderr; 1: failed.
 */
public final class BackupCommand {

    private BackupCommand() {
    }

    /** The Spring context holds only the environment: the source is this empty class. */
    static final class EnvironmentOnly {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("backup") || args[0].equals("restore"))) {
            System.err.println("usage: backup [FILE] [--spring.options…] | restore FILE [--spring.options…]");
            System.exit(2);
        }
        boolean backup = args[0].equals("backup");
        String file = args.length > 1 && !args[1].startsWith("--") ? args[1] : null;
        if (!backup && file == null) {
            System.err.println("usage: restore FILE [--spring.options…]");
            System.exit(2);
        }
        String[] options = Arrays.stream(args).skip(file == null ? 1 : 2).toArray(String[]::new);
        int status;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EnvironmentOnly.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(options)) {
            Environment env = context.getEnvironment();
            Duration timeout = env.getProperty("mapper.backup.timeout", Duration.class, Duration.ofHours(2));
            Database db = Database.of(env);
            if (backup) {
                Path target = file != null ? Path.of(file) : ScheduledBackups.newFile(env);
                BackupManifest manifest = new Backup(timeout).write(db, target);
                System.out.println("Backed up " + db.describe() + " (schema " + manifest.schemaVersion() + ", "
                        + manifest.rows().values().stream().mapToLong(Long::longValue).sum() + " rows) to "
                        + target.toAbsolutePath() + " and " + BackupManifest.of(target).getFileName());
            } else {
                BackupManifest manifest = new Restore(timeout).run(db, Path.of(file));
                System.out.println("Restored " + file + " (schema " + manifest.schemaVersion() + ", taken "
                        + manifest.createdAt() + ") into " + db.describe() + "; every table holds the rows the backup had");
            }
            status = 0;
        } catch (BackupRefused e) {
            System.err.println("Refused: " + e.getMessage());
            status = 3;
        } catch (RuntimeException e) {
            System.err.println("Failed: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
