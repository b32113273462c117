package org.incidentmapper.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.incidentmapper.incident.IncidentFilter;

/**
 * The download's file name: what was exported and when, e.g.
 * {@code incidents_2022-01-01_to_2022-12-31_compound-raid_20261125T142300Z.zip}; only {@code [A-Za-z0-9._-]}.
 */
final class ExportFileName {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ExportFileName() {
    }

    static String of(IncidentFilter filter, ExportFormat format, Instant when) {
        StringBuilder name = new StringBuilder("incidents");
        if (filter.from() != null && filter.to() != null) {
            name.append('_').append(filter.from()).append("_to_").append(filter.to());
        } else if (filter.from() != null) {
            name.append("_from_").append(filter.from());
        } else if (filter.to() != null) {
            name.append("_to_").append(filter.to());
        }
        if (!filter.categories().isEmpty()) {
            name.append('_').append(String.join("-", filter.categories()));
        }
        if (filter.bbox() != null) {
            name.append("_bbox");
        }
        if (filter.q() != null) {
            String words = filter.q().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
            name.append("_search").append(words.isEmpty() ? "" : "-" + words.substring(0, Math.min(words.length(), 30)));
        }
        name.append('_').append(STAMP.format(when.truncatedTo(ChronoUnit.SECONDS))).append('.').append(format.extension());
        return name.toString().replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
