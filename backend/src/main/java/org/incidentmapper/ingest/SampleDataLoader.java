package org.incidentmapper.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.dataset.DatasetLoads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.stereotype.Component;

/**
 * Loads the sample incidents ({@code mapper.sample-data}, a GeoJSON file) on the first start, as an all-or-nothing
 * import like a user's. Recorded in {@code dataset_load}, so later starts leave the data as the users have since
 * edited it. Runs after the gazetteer is loaded, so sample features may give a {@code place} instead of a geometry.
 */
@Component
@org.springframework.core.annotation.Order(100)
public class SampleDataLoader {

    private static final Log log = LogFactory.getLog(SampleDataLoader.class);

    private static final String DATASET = "sample-incidents";

    private final DatasetLoads loads;
    private final Importer importer;
    private final String path;

    SampleDataLoader(DatasetLoads loads, Importer importer, @Value("${mapper.sample-data:}") String path) {
        this.loads = loads;
        this.importer = importer;
        this.path = path;
    }

    /** One step of the {@link org.incidentmapper.StartupSequence}. */
    public void run(ApplicationArguments args) throws IOException {
        if (path.isBlank()) {
            return;
        }
        if (loads.sha256(DATASET).isPresent()) {
            return;
        }
        Path file = Path.of(path);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("Sample data file " + file.toAbsolutePath() + " is missing; set "
                    + "mapper.sample-data to its path, or to nothing to start without sample data");
        }
        ImportReport report;
        try (InputStream in = Files.newInputStream(file)) {
            report = importer.run(in, Importer.Format.GEOJSON, Importer.Mode.ALL_OR_NOTHING,
                    file.getFileName().toString());
        }
        if (!report.committed()) {
            throw new IllegalStateException("Sample data " + file + " has invalid features, nothing was loaded: "
                    + report.rows());
        }
        // a crash between the import and this row would load the file again on the next start: an update in place
        loads.record(DATASET, DatasetLoads.sha256(file));
        log.info("Loaded " + report.accepted() + " sample incidents from " + file);
    }
}
