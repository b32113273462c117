package org.incidentmapper.province;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads the boundary extract ({@code mapper.boundaries}, default {@code data/boundaries/admin1.geojson}; empty for
 * none) on the first start, through the same import as an upload. Every boundary import is recorded in
 * {@code dataset_load} as {@code boundaries}, so a later start never replaces a set an analyst has imported.
 */
@Component
@Order(10)
class BoundaryLoader implements ApplicationRunner {

    private final JdbcClient jdbc;
    private final BoundaryImporter importer;
    private final String path;

    BoundaryLoader(JdbcClient jdbc, BoundaryImporter importer, @Value("${mapper.boundaries:}") String path) {
        this.jdbc = jdbc;
        this.importer = importer;
        this.path = path;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (path.isBlank()
                || jdbc.sql("SELECT count(*) FROM dataset_load WHERE name = 'boundaries'").query(Long.class).single() > 0) {
            return;
        }
        Path file = Path.of(path);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("Boundary file " + file.toAbsolutePath() + " is missing; set "
                    + "mapper.boundaries to its path, or to nothing to start without boundaries");
        }
        importer.importFile(file, BoundaryImport.naturalEarth("Natural Earth 4.1 admin-1 (" + file.getFileName() + ")"));
    }
}
