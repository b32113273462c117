package org.incidentmapper.incident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

import org.incidentmapper.web.DateParam;
import org.locationtech.jts.geom.Envelope;

import tools.jackson.databind.JsonNode;

/**
 * Checks one incident's properties and geometry and builds its {@link IncidentRecord}; every problem found is added
 * to the error list with the record number and the field at fault, so a user can fix a whole file in one pass.
 *
 * <p>Dates may be {@code YYYY-MM-DD}, {@code YYYY-MM} or {@code YYYY}; a shorter form implies the precision. A
 * one-off event (a category that is not a period) with no end date ends when its start period ends: a raid on
 * {@code 2022-02} spans February 2022. A period category with no end date is still running.
 */
public final class RecordValidator {


    /** Category key to whether it is a period (true) or a one-off event (false). */
    private final Map<String, Boolean> categories;

    /** Whether a site has this id (what {@code siteId} may name). */
    private final LongPredicate knownSite;

    /** A validator that takes every well-formed {@code siteId} (for parsers tested without a database). */
    public RecordValidator(Map<String, Boolean> categories) {
        this(categories, id -> true);
    }

    public RecordValidator(Map<String, Boolean> categories, LongPredicate knownSite) {
        this.categories = Map.copyOf(categories);
        this.knownSite = knownSite;
    }

    /** The record, or null when any error was added to {@code errors}. */
    public IncidentRecord validate(int number, JsonNode properties, JsonNode geometry, List<RecordError> errors) {
        Fields f = new Fields(number, properties, errors, "");
        String externalId = f.text(IncidentFields.EXTERNAL_ID);
        String category = f.text(IncidentFields.CATEGORY);
        if (category != null && !categories.containsKey(category)) {
            f.error("category", "unknown category '" + category + "'; known: " + categories.keySet().stream().sorted().toList());
            category = null;
        }
        String title = f.text(IncidentFields.TITLE);
        String description = f.text(IncidentFields.DESCRIPTION);
        String precision = f.oneOf(IncidentFields.DATE_PRECISION);
        LocalDate start = f.date("startDate", false, true);
        LocalDate end = f.date("endDate", true, false);
        if (precision == null) {
            precision = impliedPrecision(f.properties.path("startDate").asString(""));
        }
        if (start != null && end != null && end.isBefore(start)) {
            f.error("endDate", "end date " + end + " is before start date " + start);
        }
        if (start != null && end == null && category != null && !categories.get(category)) {
            end = lastDay(start, precision);
        }
        String locationName = f.text(IncidentFields.LOCATION_NAME);
        String locationPrecision = f.oneOf(IncidentFields.LOCATION_PRECISION);
        String country = f.matching(IncidentFields.COUNTRY, "an ISO 3166-1 alpha-3 code such as KHM");
        String province = f.matching(IncidentFields.PROVINCE, "a province code such as KH-18 (ISO 3166-2)");
        // derived: read only to tell an echoed computed province from a given one (see IncidentWriter)
        String provinceSource = f.oneOf(IncidentFields.PROVINCE_SOURCE);
        Integer victims = f.count(IncidentFields.VICTIMS_COUNT);
        List<String> nationalities = f.codes(IncidentFields.VICTIM_NATIONALITIES);
        String status = f.oneOf(IncidentFields.STATUS);
        boolean sensitive = f.flag("sensitive"); // createdBy, like createdAt, is the server's: never read from input
        List<IncidentRecord.Source> sources = f.sources();
        Long siteId = f.id(IncidentFields.SITE_ID);
        if (siteId != null && !knownSite.test(siteId)) {
            f.error(IncidentFields.SITE_ID.json, "no site has id " + siteId + " (GET /api/sites lists them)");
        }
        String geometryJson = null;
        if (geometry == null || geometry.isNull() || geometry.isMissingNode()) {
            f.error("geometry", "is missing: give a GeoJSON geometry, or a place name to look up in the gazetteer");
        } else {
            try {
                JsonNode stored = GeometryCheck.normalised(geometry);
                Envelope box = GeometryCheck.read(stored).getEnvelopeInternal();
                geometryJson = stored.toString();
                if (box.isNull()) {
                    f.error("geometry", "is empty");
                }
            } catch (GeometryCheck.BadGeometry e) {
                f.error("geometry", e.getMessage());
            }
        }
        if (f.failed()) {
            return null;
        }
        return new IncidentRecord(externalId, category, title, description, start, end, precision, geometryJson,
                locationName, locationPrecision, country, province, victims, nationalities,
                status == null ? IncidentFields.STATUS.defaultValue : status, sensitive, sources,
                "computed".equals(provinceSource) ? provinceSource : null, siteId);
    }

    static String impliedPrecision(String date) {
        if (date.matches("\\d{4}")) {
            return "year";
        }
        return date.matches("\\d{4}-\\d{2}") ? "month" : "day";
    }

    static LocalDate lastDay(LocalDate start, String precision) {
        return switch (precision) {
            case "year" -> start.withDayOfYear(start.lengthOfYear());
            case "month" -> start.withDayOfMonth(start.lengthOfMonth());
            default -> start;
        };
    }

    /** Reads typed fields of one record, collecting errors instead of stopping at the first. */
    private static final class Fields {
        private final int number;
        private final JsonNode properties;
        private final List<RecordError> errors;
        private final int errorsBefore;
        private final String prefix;

        Fields(int number, JsonNode properties, List<RecordError> errors, String prefix) {
            this.number = number;
            this.prefix = prefix;
            this.properties = properties == null || !properties.isObject() ? tools.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode() : properties;
            this.errors = errors;
            this.errorsBefore = errors.size();
        }

        boolean failed() {
            return errors.size() > errorsBefore;
        }

        void error(String field, String message) {
            errors.add(new RecordError(number, prefix + field, message));
        }

        private JsonNode value(String field) {
            JsonNode node = properties.get(field);
            return node == null || node.isNull() ? null : node;
        }

        String text(String field, int maxLength, boolean required) {
            JsonNode node = value(field);
            if (node == null || (node.isString() && node.asString().isBlank())) {
                if (required) {
                    error(field, "is required");
                }
                return null;
            }
            if (!node.isString() && !node.isNumber()) {
                error(field, "must be text");
                return null;
            }
            String text = node.asString().strip();
            if (text.length() > maxLength) {
                error(field, "is longer than " + maxLength + " characters");
                return null;
            }
            return text;
        }

        /** A text field with the registry's limits. */
        String text(IncidentFields field) {
            return text(field.json, field.maxLength == null ? 50 : field.maxLength, field.required);
        }

        /** One of the field's allowed values. */
        String oneOf(IncidentFields field) {
            String text = text(field.json, 50, field.required);
            if (text != null && !field.keys().contains(text)) {
                error(field.json, "must be one of " + field.keys().stream().sorted().toList() + ", not '" + text + "'");
                return null;
            }
            return text;
        }

        String matching(IncidentFields field, String what) {
            return matching(field.json, Pattern.compile(field.pattern), what, field.required);
        }

        String matching(String field, Pattern pattern, String what, boolean required) {
            String text = text(field, 50, required);
            if (text != null && !pattern.matcher(text).matches()) {
                error(field, "must be " + what + ", not '" + text + "'");
                return null;
            }
            return text;
        }

        LocalDate date(String field, boolean upper, boolean required) {
            String text = text(field, 10, required);
            if (text == null) {
                return null;
            }
            LocalDate date;
            try {
                date = DateParam.bound(text, upper);
            } catch (IllegalArgumentException e) {
                error(field, e.getMessage());
                return null;
            }
            if (date.getYear() < 1900 || date.isAfter(LocalDate.now().plusYears(1))) {
                error(field, "date " + text + " is not plausible (before 1900 or in the future)");
                return null;
            }
            return date;
        }

        /** A yes/no field: JSON true/false, or in a CSV true/false, yes/no, 1/0; absent is false. */
        boolean flag(String field) {
            JsonNode node = value(field);
            if (node == null || node.isBoolean()) {
                return node != null && node.asBoolean();
            }
            String text = node.asString().strip().toLowerCase(java.util.Locale.ROOT);
            switch (text) {
                case "true", "yes", "1" -> {
                    return true;
                }
                case "false", "no", "0", "" -> {
                    return false;
                }
                default -> {
                    error(field, "must be true or false, not '" + text + "'");
                    return false;
                }
            }
        }

        Integer count(IncidentFields counted) {
            String field = counted.json;
            JsonNode node = value(field);
            if (node == null) {
                return null;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < counted.minimum) {
                error(field, "must be a whole number of zero or more");
                return null;
            }
            return node.asInt();
        }

        /** The id of another record (a whole number of 1 or more, or its text from a CSV cell); absent: null. */
        Long id(IncidentFields field) {
            JsonNode node = value(field.json);
            if (node == null || (node.isString() && node.asString().isBlank())) {
                return null;
            }
            String text = node.isIntegralNumber() || node.isString() ? node.asString().strip() : "";
            if (!text.matches("[1-9][0-9]{0,17}")) {
                error(field.json, "must be the id of a record, a whole number of 1 or more");
                return null;
            }
            return Long.valueOf(text);
        }

        List<String> codes(IncidentFields coded) {
            String field = coded.json;
            Pattern pattern = Pattern.compile(coded.pattern);
            JsonNode node = value(field);
            List<String> codes = new ArrayList<>();
            if (node == null) {
                return codes;
            }
            if (!node.isArray()) {
                error(field, "must be an array of ISO 3166-1 alpha-3 codes");
                return codes;
            }
            for (JsonNode code : node.values()) {
                if (!code.isString() || !pattern.matcher(code.asString()).matches()) {
                    error(field, "'" + code + "' is not an ISO 3166-1 alpha-3 code");
                } else {
                    codes.add(code.asString());
                }
            }
            return codes;
        }

        List<IncidentRecord.Source> sources() {
            JsonNode node = value("sources");
            List<IncidentRecord.Source> sources = new ArrayList<>();
            if (node == null) {
                return sources;
            }
            if (!node.isArray()) {
                error("sources", "must be an array of {outlet, url, publishedDate, language}");
                return sources;
            }
            int i = 0;
            for (JsonNode source : node.values()) {
                i++;
                Fields s = new Fields(number, source, errors, "sources[" + i + "].");
                String outlet = s.text(SourceFields.OUTLET.json, SourceFields.OUTLET.maxLength, true);
                String url = s.text(SourceFields.URL.json, SourceFields.URL.maxLength, false);
                if (url != null && !url.matches(SourceFields.URL.pattern)) {
                    s.error("url", "must be an http or https URL");
                }
                LocalDate published = s.date("publishedDate", false, false);
                String language = s.matching(SourceFields.LANGUAGE.json, Pattern.compile(SourceFields.LANGUAGE.pattern),
                        "an ISO 639 code such as en, km, zh", false);
                sources.add(new IncidentRecord.Source(outlet, url, published, language));
            }
            return sources;
        }
    }
}
