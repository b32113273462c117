package org.incidentmapper.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.dataset.DatasetLoads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads the sample sites and relocations ({@code mapper.sites.dir}: {@code sample-sites.geojson} and
 * {@code sample-relocations.json}, format in README "Sites and relocations") once, after the sample incidents, all
 * or nothing: each feature is checked as {@code POST /api/sites} checks a body, its {@code incidents} (external
 * ids) must exist and are linked to it, and each relocation's {@code from}/{@code to} must be keys of the file's
 * sites. A broken file stops the start with an error naming the file, the feature (number and key) and the field;
 * absent files are no error (nothing is loaded, and they are loaded on a later start once they exist). Recorded
 * in {@code dataset_load}, so later starts leave the sites as users have since edited them.
 */
@Component
public class SiteDataLoader {

    static final String SITES_FILE = "sample-sites.geojson";
    static final String RELOCATIONS_FILE = "sample-relocations.json";
    private static final String DATASET = "sample-sites";
    private static final Log log = LogFactory.getLog(SiteDataLoader.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatasetLoads loads;
    private final SiteWriter sites;
    private final RelocationRepository relocations;
    private final TransactionTemplate transaction;
    private final String dir;

    SiteDataLoader(DatasetLoads loads, SiteWriter sites, RelocationRepository relocations,
            TransactionTemplate transaction, @Value("${mapper.sites.dir:}") String dir) {
        this.loads = loads;
        this.sites = sites;
        this.relocations = relocations;
        this.transaction = transaction;
        this.dir = dir;
    }

    /** What one load wrote. */
    record Loaded(int sites, int relocations, int linkedIncidents) {
    }

    /** One step of the {@link org.incidentmapper.StartupSequence}, after the sample incidents. */
    public void run(ApplicationArguments args) {
        if (dir.isBlank()) {
            return;
        }
        Path sitesFile = Path.of(dir, SITES_FILE);
        if (!Files.isReadable(sitesFile)) {
            log.info("No sample sites (" + sitesFile.toAbsolutePath() + " does not exist); none loaded");
            return;
        }
        if (loads.sha256(DATASET).isPresent()) {
            return;
        }
        Loaded loaded = load(Path.of(dir));
        log.info("Loaded " + loaded.sites() + " sample sites (" + loaded.linkedIncidents() + " incidents linked) and "
                + loaded.relocations() + " relocations from " + dir);
    }

    /** Loads the files of {@code dir} in one transaction and records them; throws naming what is broken. */
    Loaded load(Path dir) {
        Path sitesFile = dir.resolve(SITES_FILE);
        Path relocationsFile = dir.resolve(RELOCATIONS_FILE);
        boolean withRelocations = Files.isReadable(relocationsFile);
        JsonNode siteCollection = read(sitesFile);
        JsonNode relocationList = withRelocations ? read(relocationsFile) : JSON.createArrayNode();
        return transaction.execute(status -> {
            Map<String, Long> ids = new HashMap<>();
            int linked = 0;
            if (!"FeatureCollection".equals(siteCollection.path("type").asString(""))
                    || !siteCollection.path("features").isArray()) {
                throw broken(sitesFile, "is not a GeoJSON FeatureCollection with a features array");
            }
            int n = 0;
            for (JsonNode feature : siteCollection.get("features").values()) {
                n++;
                String key = feature.path("properties").path("key").asString("");
                String where = "feature " + n + (key.isEmpty() ? "" : " (key '" + key + "')");
                List<InputReader.Problem> problems = new ArrayList<>();
                SiteRecord site = SiteInput.check(feature, problems);
                if (site != null && site.key() == null) {
                    problems.add(new InputReader.Problem("key", "is required in sample data (relocations name it)"));
                }
                if (site != null && ids.containsKey(site.key())) {
                    problems.add(new InputReader.Problem("key", "is also the key of an earlier feature"));
                }
                List<String> incidents = new InputReader(feature.get("properties"), "", problems)
                        .list("incidents", 10000, InputReader.textItem(200));
                if (!problems.isEmpty()) {
                    throw broken(sitesFile, where + ": " + describe(problems));
                }
                long id = sites.create(site);
                ids.put(site.key(), id);
                List<String> missing = sites.linkIncidents(id, incidents);
                if (!missing.isEmpty()) {
                    throw broken(sitesFile, where + ": incidents " + missing + " are no incident's externalId");
                }
                linked += incidents.size();
            }
            if (!relocationList.isArray()) {
                throw broken(relocationsFile, "is not a JSON array of relocations");
            }
            int r = 0;
            for (JsonNode relocation : relocationList.values()) {
                r++;
                List<InputReader.Problem> problems = new ArrayList<>();
                ObjectNode given = relocation.isObject() ? ((ObjectNode) relocation).deepCopy() : JSON.createObjectNode();
                for (String end : List.of("from", "to")) {
                    String key = relocation.path(end).asString("");
                    if (!ids.containsKey(key)) {
                        problems.add(new InputReader.Problem(end, "'" + key + "' is no site's key in " + SITES_FILE));
                    } else {
                        given.put(end + "SiteId", ids.get(key));
                    }
                }
                RelocationRecord record = RelocationRecord.check(given, problems);
                if (!problems.isEmpty()) {
                    throw broken(relocationsFile, "relocation " + r + ": " + describe(problems.stream()
                            .filter(p -> !p.field().endsWith("SiteId")).toList()));
                }
                relocations.create(record);
            }
            loads.record(DATASET, withRelocations ? DatasetLoads.sha256(sitesFile, relocationsFile)
                    : DatasetLoads.sha256(sitesFile));
            return new Loaded(n, r, linked);
        });
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw broken(file, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw broken(file, "cannot be read: " + e.getMessage());
        }
    }

    private static String describe(List<InputReader.Problem> problems) {
        return problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; "));
    }

    private static IllegalStateException broken(Path file, String what) {
        return new IllegalStateException("Sample sites: " + file + " " + what + "; nothing was loaded (fix the file, "
                + "or set mapper.sites.dir to nothing to start without sample sites)");
    }
}
