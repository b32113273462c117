package org.incidentmapper.site;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One validated relocation: operations moved from site {@code fromSiteId} to {@code toSiteId} ({@code moved}), or
 * both are run by the same operator ({@code same_operator}), on {@code date}, with its sources.
 */
record RelocationRecord(long fromSiteId, long toSiteId, String kind, LocalDate date, String datePrecision,
        String note, List<SiteRecord.Source> sources) {

    static final List<String> KINDS = List.of("moved", "same_operator");

    /**
     * Reads a relocation from a Feature's properties or a plain object: {@code fromSiteId} and {@code toSiteId} (or
     * the {@code fromSite.id} and {@code toSite.id} that GET returns), kind, date, datePrecision, note, sources.
     * Null when problems were added; whether the sites exist is the caller's check.
     */
    static RelocationRecord check(JsonNode body, List<InputReader.Problem> problems) {
        int before = problems.size();
        if (body == null || !body.isObject()) {
            problems.add(new InputReader.Problem("body", "must be a JSON object or a GeoJSON Feature"));
            return null;
        }
        JsonNode properties = "Feature".equals(body.path("type").asString("")) ? body.get("properties") : body;
        InputReader p = new InputReader(echoedIds(properties), "", problems);
        Long from = p.id("fromSiteId", true);
        Long to = p.id("toSiteId", true);
        if (from != null && from.equals(to)) {
            p.problem("toSiteId", "is the same site as fromSiteId");
        }
        String kind = p.oneOf("kind", KINDS, true);
        LocalDate date = p.date("date", true);
        String precision = p.datePrecision("datePrecision", "date");
        String note = p.text("note", 5000, false);
        List<SiteRecord.Source> sources = p.list("sources", 50, InputReader.source());
        return problems.size() > before ? null
                : new RelocationRecord(from, to, kind, date, precision, note, new ArrayList<>(sources));
    }

    /** fromSite.id / toSite.id as fromSiteId / toSiteId when those are not given (a GET echoed back). */
    private static JsonNode echoedIds(JsonNode properties) {
        if (properties == null || !properties.isObject()) {
            return properties;
        }
        tools.jackson.databind.node.ObjectNode copy = ((tools.jackson.databind.node.ObjectNode) properties).deepCopy();
        for (String end : List.of("fromSite", "toSite")) {
            if (!copy.has(end + "Id") && copy.path(end).has("id")) {
                copy.set(end + "Id", copy.path(end).get("id"));
            }
        }
        return copy;
    }
}
