package org.incidentmapper.province;

import java.nio.file.Files;
import java.nio.file.Path;

import org.incidentmapper.dataset.DatasetLoads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.stereotype.Component;

/**
 * Loads the boundary extract ({@code mapper.boundaries}, default {@code data/boundaries/admin1.geojson}; empty for
 * none) on the first start, through the same import as an upload. Every boundary import is recorded in
 * {@code dataset_load} as {@code boundaries}, so a later start never replaces a set an analyst has imported.
 */
@Component
public class BoundaryLoader {

    private final DatasetLoads loads;
    private final BoundaryImporter importer;
    private final String path;

    BoundaryLoader(DatasetLoads loads, BoundaryImporter importer, @Value("${mapper.boundaries:}") String path) {
        this.loads = loads;
        this.importer = importer;
        this.path = path;
    }

    /** One step of the {@link org.incidentmapper.StartupSequence}. */
    public void run(ApplicationArguments args) {
        if (path.isBlank() || loads.sha256(BoundaryImporter.DATASET).isPresent()) {
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
