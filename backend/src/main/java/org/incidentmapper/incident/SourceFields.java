package org.incidentmapper.incident;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every field of one source of an incident (table {@code incident_source}), once, as {@link IncidentFields} does for
 * the incident: its name in the Feature's {@code sources} array, its column, its CSV column suffix (the n-th
 * source's columns are {@code source_outlet}, {@code source2_outlet}, …), its flattened names in exports (one value
 * per incident, the items of all sources joined with {@link #SEPARATOR}), type, limits and disclosure.
 */
public enum SourceFields {

    INCIDENT_ID(null, "incident_id", null, null, null, IncidentFields.Type.INTEGER, true, null, null,
            IncidentFields.Disclosure.PASS, null, "the incident"),
    POSITION(null, "position", null, null, null, IncidentFields.Type.INTEGER, true, null, null,
            IncidentFields.Disclosure.PASS, null, "1 for the first source, in the order given"),
    OUTLET("outlet", "outlet", "outlet", "source_outlets", "src_outlet", IncidentFields.Type.TEXT, true, 200, null,
            IncidentFields.Disclosure.PASS, IncidentRecord.Source::outlet, "outlet (newspaper, agency, NGO)"),
    URL("url", "url", "url", "source_urls", "src_url", IncidentFields.Type.TEXT, false, 2000, "(?i)https?://\\S+",
            IncidentFields.Disclosure.WITHHOLD_IF_SENSITIVE, IncidentRecord.Source::url, "http(s) URL of the report"),
    PUBLISHED_DATE("publishedDate", "published_date", "published", "source_dates", "src_date",
            IncidentFields.Type.DATE, false, null, null, IncidentFields.Disclosure.PASS,
            IncidentRecord.Source::publishedDate, "publication date, YYYY-MM-DD"),
    LANGUAGE("language", "language", "language", "source_languages", "src_lang", IncidentFields.Type.TEXT, false, 3,
            "[a-z]{2,3}", IncidentFields.Disclosure.PASS, IncidentRecord.Source::language,
            "ISO 639 language code such as en, km, zh"),
    RELIABILITY("reliability", "reliability", "reliability", "source_reliabilities", "src_rel",
            IncidentFields.Type.TEXT, false, null, null, IncidentFields.Disclosure.PASS,
            IncidentRecord.Source::reliability, "source reliability, Admiralty grade A–F (A best)",
            List.of(new IncidentFields.Value("A", "A – Completely reliable",
                            "no doubt about the outlet's authenticity, trustworthiness or competence; a history of "
                                    + "complete reliability"),
                    new IncidentFields.Value("B", "B – Usually reliable",
                            "minor doubts; a history of mostly valid reports"),
                    new IncidentFields.Value("C", "C – Fairly reliable",
                            "doubts; has given valid reports in the past"),
                    new IncidentFields.Value("D", "D – Not usually reliable",
                            "significant doubts, though it has given valid reports in the past"),
                    new IncidentFields.Value("E", "E – Unreliable",
                            "lacking authenticity, trustworthiness and competence; a history of invalid reports"),
                    new IncidentFields.Value("F", "F – Reliability cannot be judged",
                            "no basis to judge the outlet (new, anonymous, unknown)"))),
    CREDIBILITY("credibility", "credibility", "credibility", "source_credibilities", "src_cred",
            IncidentFields.Type.INTEGER, false, null, null, IncidentFields.Disclosure.PASS,
            IncidentRecord.Source::credibility, "information credibility, Admiralty grade 1–6 (1 best)",
            List.of(new IncidentFields.Value("1", "1 – Confirmed by other sources",
                            "independent sources confirm it; logical and consistent with other reports"),
                    new IncidentFields.Value("2", "2 – Probably true",
                            "not confirmed, but logical and consistent with other reports"),
                    new IncidentFields.Value("3", "3 – Possibly true",
                            "not confirmed; reasonably logical, agrees with some other reports"),
                    new IncidentFields.Value("4", "4 – Doubtful",
                            "not confirmed; possible but not logical, no other report bears it out"),
                    new IncidentFields.Value("5", "5 – Improbable",
                            "not confirmed; not logical, contradicted by other reports"),
                    new IncidentFields.Value("6", "6 – Truth cannot be judged",
                            "no basis to judge whether it is true")));

    /** Separator of the items of a flattened source field in exports and CSV. */
    public static final String SEPARATOR = " | ";
    /** CSV and export column with the number of sources (read-only: the importer ignores it). */
    public static final String COUNT_CSV = "source_count";
    /** The same, in exports limited to 10 characters. */
    public static final String COUNT_EXPORT = "src_count";

    /** Name in a Feature's source object; null: not in the Feature. */
    public final String json;
    public final String column;
    /** Suffix of the numbered CSV columns, {@code source[n]_<csv>}; null: not in CSV. */
    public final String csv;
    /** CSV/KML/GeoPackage column of the flattened value; null: not exported. */
    public final String flattened;
    /** Shapefile (DBF) column of the flattened value, at most 10 characters. */
    public final String export;
    public final IncidentFields.Type type;
    /** Required in input (for internal columns: always set by the writer). */
    public final boolean required;
    public final Integer maxLength;
    public final String pattern;
    public final IncidentFields.Disclosure disclosure;
    public final String description;
    /** The allowed values with their labels and plain-language meanings (Admiralty grades); empty: not graded. */
    public final List<IncidentFields.Value> values;
    final Function<IncidentRecord.Source, Object> recordValue;

    SourceFields(String json, String column, String csv, String flattened, String export, IncidentFields.Type type,
            boolean required, Integer maxLength, String pattern, IncidentFields.Disclosure disclosure,
            Function<IncidentRecord.Source, Object> recordValue, String description) {
        this(json, column, csv, flattened, export, type, required, maxLength, pattern, disclosure, recordValue,
                description, List.of());
    }

    SourceFields(String json, String column, String csv, String flattened, String export, IncidentFields.Type type,
            boolean required, Integer maxLength, String pattern, IncidentFields.Disclosure disclosure,
            Function<IncidentRecord.Source, Object> recordValue, String description,
            List<IncidentFields.Value> values) {
        this.values = values;
        this.json = json;
        this.column = column;
        this.csv = csv;
        this.flattened = flattened;
        this.export = export;
        this.type = type;
        this.required = required;
        this.maxLength = maxLength;
        this.pattern = pattern;
        this.disclosure = disclosure;
        this.recordValue = recordValue;
        this.description = description;
    }

    /** The fields a source has in a Feature and in input, in order. */
    public static List<SourceFields> properties() {
        return Arrays.stream(values()).filter(f -> f.json != null).toList();
    }

    /** The fields exports flatten into a column each. */
    public static List<SourceFields> exported() {
        return Arrays.stream(values()).filter(f -> f.flattened != null).toList();
    }

    public static Optional<SourceFields> byCsv(String suffix) {
        return Arrays.stream(values()).filter(f -> suffix.equals(f.csv)).findFirst();
    }

    public static Optional<SourceFields> byFlattened(String name) {
        return Arrays.stream(values()).filter(f -> name.equals(f.flattened)).findFirst();
    }

    public static Optional<SourceFields> byColumn(String column) {
        return Arrays.stream(values()).filter(f -> column.equals(f.column)).findFirst();
    }

    /** Label for people (the edit form's, the schema's title). */
    public String label() {
        return switch (this) {
            case INCIDENT_ID -> "Incident";
            case POSITION -> "Position";
            case OUTLET -> "Outlet";
            case URL -> "URL";
            case PUBLISHED_DATE -> "Published";
            case LANGUAGE -> "Language";
            case RELIABILITY -> "Source reliability";
            case CREDIBILITY -> "Information credibility";
        };
    }

    /** The allowed keys of a graded field. */
    public List<String> keys() {
        return values.stream().map(IncidentFields.Value::key).toList();
    }

    /**
     * The best-supported Admiralty rating of incident {@code i} (e.g. 'B2'; NULL without sources), as
     * {@code admiralty_best} (V72, the one place the rule is written) made it from its sources; kept on every write of
     * sources in {@code incident_rating} (V73). Read through the caller's search path, so a viewer reads the
     * generalised view of it.
     */
    public static final String INCIDENT_RATING_SQL = "(SELECT r.rating FROM incident_rating r WHERE r.incident_id = i.id)";

    /**
     * The rating of the sources aggregated in one group (one incident's, one site state's), alias {@code alias} (a
     * constant), in source order: {@code admiralty_best} of them. Any table with the columns of
     * {@code incident_source} and the two grades (site states' and relocations' sources) is rated by it.
     */
    public static String ratingOfSources(String alias) {
        if (!alias.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not an alias: " + alias);
        }
        return "admiralty_best(array_agg(CAST(%1$s.reliability AS text) ORDER BY %1$s.position), array_agg(%1$s.credibility "
                .formatted(alias) + "ORDER BY %1$s.position), array_agg(%1$s.outlet ORDER BY %1$s.position))"
                .formatted(alias);
    }

    /** The sources of incident {@code i} as a JSON array in source order (alias {@code s}). */
    static String featureJson() {
        String members = properties().stream().map(f -> "'" + f.json + "', s." + f.column)
                .collect(Collectors.joining(", "));
        return "(SELECT coalesce(json_agg(json_build_object(" + members + ") ORDER BY s.position), '[]')"
                + " FROM incident_source s WHERE s.incident_id = i.id)";
    }
}
