package org.incidentmapper.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.cluster.AdvisoryLock;
import org.incidentmapper.cluster.Coordination;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Backs the database up on a schedule ({@code mapper.backup.cron}, default daily at 02:30 server time) into
 * {@code mapper.backup.dir} (default {@code var/backups}), keeping the newest {@code mapper.backup.keep} (default 7).
 * On by default for the embedded database only ({@code mapper.backup.scheduled}); with several instances only one
 * takes each backup (an advisory lock), and a failed backup is logged and leaves the older ones in place.
 */
@Component
@ConditionalOnProperty(name = "mapper.backup.scheduled", havingValue = "true")
class ScheduledBackups {

    private static final Log log = LogFactory.getLog(ScheduledBackups.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Environment env;
    private final DataSource coordination;

    ScheduledBackups(Environment env, @Coordination DataSource coordination) {
        this.env = env;
        this.coordination = coordination;
    }

    /** {@code mapper.backup.dir}/incidents-YYYYMMDD-HHMMSS.dump (UTC). */
    static Path newFile(Environment env) {
        return Path.of(env.getProperty("mapper.backup.dir", "var/backups"))
                .resolve("incidents-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + ".dump");
    }

    @Scheduled(cron = "${mapper.backup.cron:0 30 2 * * *}")
    void backUp() {
        try (Connection lock = coordination.getConnection()) {
            if (!AdvisoryLock.BACKUP.tryLock(lock, 0)) {
                log.info("Another instance is taking the scheduled backup");
                return;
            }
            try {
                Path file = newFile(env);
                BackupManifest manifest = new Backup(env.getProperty("mapper.backup.timeout", Duration.class,
                        Duration.ofHours(2))).write(Database.of(env), file);
                log.info("Scheduled backup written: " + file + " (" + manifest.bytes() + " bytes)");
                prune(file.getParent(), env.getProperty("mapper.backup.keep", Integer.class, 7));
            } finally {
                AdvisoryLock.releaseAll(lock);
            }
        } catch (SQLException | RuntimeException e) {
            log.error("Scheduled backup failed; the earlier backups are kept: " + e.getMessage(), e);
        }
    }

    /** Deletes all but the newest {@code keep} backups (and their manifests) in {@code dir}. */
    static void prune(Path dir, int keep) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> backups = files.filter(f -> f.getFileName().toString().matches("incidents-\\d{8}-\\d{6}\\.dump"))
                    .sorted().toList();
            for (Path old : backups.subList(0, Math.max(0, backups.size() - Math.max(1, keep)))) {
                Files.deleteIfExists(BackupManifest.of(old));
                Files.deleteIfExists(old);
                log.info("Deleted old backup " + old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
