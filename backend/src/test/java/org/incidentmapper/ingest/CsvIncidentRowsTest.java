package org.incidentmapper.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.incidentmapper.incident.IncidentRecord;
import org.incidentmapper.incident.RecordError;
import org.incidentmapper.incident.RecordValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One CSV row in → the record it becomes, or the errors of the row as "column: message", through the same
 * {@link RecordValidator} as the API. (Place names need the gazetteer: see ImportApiTest.)
 */
class CsvIncidentRowsTest {

    private static final String HEADER = "external_id,category,title,start_date,end_date,lon,lat,location_precision,"
            + "country,victims_count,victim_nationalities,source_outlet,source_url,source_published,source2_outlet";
    private static final String VALID = "r1,raid,Raid,2022-02-20,,103.52,10.61,town,KHM,3,CHN;VNM,VOD,"
            + "https://vodenglish.news/x,2022-02-21,";

    private final RecordValidator validator = new RecordValidator(Map.of("raid", false, "compound", true));

    @Test
    void aValidRow() throws IOException {
        IncidentRecord r = record(HEADER, VALID);
        assertThat(r.externalId()).isEqualTo("r1");
        assertThat(r.geometryGeoJson()).isEqualTo("{\"type\":\"Point\",\"coordinates\":[103.52,10.61]}");
        assertThat(r.endDate()).hasToString("2022-02-20");
        assertThat(r.victimsCount()).isEqualTo(3);
        assertThat(r.victimNationalities()).containsExactly("CHN", "VNM");
        assertThat(r.sources()).singleElement().hasToString(
                "Source[outlet=VOD, url=https://vodenglish.news/x, publishedDate=2022-02-21, language=null, "
                        + "reliability=null, credibility=null]");
    }

    @Test
    void semicolonsDecimalCommasAndASecondSource() throws IOException {
        IncidentRecord r = record("external_id;category;title;start_date;lon;lat;location_precision;country;"
                + "source_outlet;source2_outlet;source2_url",
                "r2;compound;\"Compound; precinct\";2021-03;103,52;10,61;town;KHM;VOD;CamboJA;https://cambojanews.com/y");
        assertThat(r.title()).isEqualTo("Compound; precinct");
        assertThat(r.geometryGeoJson()).contains("[103.52,10.61]");
        assertThat(r.datePrecision()).isEqualTo("month");
        assertThat(r.endDate()).isNull();
        assertThat(r.sources()).extracting(IncidentRecord.Source::outlet).containsExactly("VOD", "CamboJA");
    }

    @Test
    void aPolygonAsWkt() throws IOException {
        IncidentRecord r = record("category,title,start_date,wkt,location_precision,country",
                "compound,Precinct,2021,\"POLYGON ((103.5 10.6, 103.51 10.6, 103.51 10.61, 103.5 10.6))\",exact,KHM");
        assertThat(r.geometryGeoJson()).startsWith("{\"type\":\"Polygon\",\"coordinates\":[[[103.5,10.6],");
    }

    @ParameterizedTest(name = "{0}={1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "lon        | 200         | lon/lat: position [200.0, 10.61] is outside longitude -180..180",
        "lat        | -95         | lon/lat: position [103.52, -95.0] is outside",
        "lon        | east        | lon: 'east' is not a number in decimal degrees",
        "lat        | ''          | lat: is empty; lon and lat go together",
        "category   | casino      | category: unknown category 'casino'",
        "start_date | 2022-02-30  | start_date: '2022-02-30' is not a calendar date",
        "start_date | 20/02/2022  | start_date: must be a date as YYYY-MM-DD, YYYY-MM or YYYY",
        "start_date | 1850-01-01  | start_date: date 1850-01-01 is not plausible",
        "start_date | ''          | start_date: is required",
        "end_date   | 2021-12-31  | end_date: end date 2021-12-31 is before start date 2022-02-20",
        "country    | Cambodia    | country: must be an ISO 3166-1 alpha-3 code",
        "victims_count | many     | victims_count: must be a whole number of zero or more",
        "victim_nationalities | Chinese | victim_nationalities: '\"Chinese\"' is not an ISO 3166-1 alpha-3 code",
        "source_url | www.x.org   | source_url: must be an http or https URL",
        "source_published | May 2022 | source_published: must be a date as YYYY-MM-DD",
        "source2_outlet | ''      | ''",
    })
    void oneBadCell(String column, String value, String expected) throws IOException {
        List<String> cells = new ArrayList<>(List.of(VALID.split(",", -1)));
        cells.set(List.of(HEADER.split(",")).indexOf(column), value);
        List<String> errors = errors(HEADER, String.join(",", cells));
        if (expected.isEmpty()) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).singleElement().asString().startsWith(expected);
        }
    }

    @Test
    void swappedLonAndLatAreNamedAsSuch() throws IOException {
        assertThat(errors(HEADER, VALID.replace("103.52,10.61", "10.61,103.52"))).singleElement().asString()
                .isEqualTo("lon/lat: position [10.61, 103.52] has longitude and latitude swapped: in this region "
                        + "longitude is 92..127 and latitude 0..30 (RFC 7946 order is [longitude, latitude])");
    }

    @Test
    void anInvalidPolygon() throws IOException {
        assertThat(errors("category,title,start_date,wkt,location_precision,country",
                "compound,Bowtie,2021,\"POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))\",exact,KHM"))
                .singleElement().asString().startsWith("wkt: is not valid: Self-intersection");
        assertThat(errors("category,title,start_date,wkt,location_precision,country",
                "compound,Broken,2021,POLYGON ((0 0,exact,KHM")).singleElement().asString().startsWith("wkt: is not WKT");
    }

    @Test
    void aRowWithTheWrongNumberOfFields() throws IOException {
        assertThat(errors(HEADER, "r1,raid,Raid")).singleElement().asString()
                .startsWith("row: has 3 fields, the header has 15");
    }

    /** The export's own columns read back: its lists of sources, its escape undone, its server columns ignored. */
    @Test
    void theExportsColumnsReadBack() throws IOException {
        IncidentRecord r = record("id,external_id,category,title,description,start_date,date_precision,country,"
                + "location_precision,province,province_source,outside_boundaries,sensitive,created_by,source_count,"
                + "source_outlets,source_urls,source_dates,source_languages,source_reliabilities,source_credibilities,"
                + "rating,created_at,version,wkt,lon,lat",
                "7,x1,raid,'=1+1,''quoted',2022-02,month,KHM,town,KH-18,computed,false,true,someone,2,"
                + "VOD | Khmer Times,https://vodenglish.news/x | ,2022-02-21 | ,en | km,B | ,2 | 6,B1,"
                + "2024-01-01T00:00:00Z,3,"
                + "POINT (103.52 10.61),103.52,10.61");
        assertThat(r.title()).isEqualTo("=1+1");
        assertThat(r.description()).isEqualTo("'quoted'");
        assertThat(r.sensitive()).isTrue();
        assertThat(r.provinceSource()).isEqualTo("computed");
        assertThat(r.sources()).hasToString("[Source[outlet=VOD, url=https://vodenglish.news/x, publishedDate=2022-02-21, "
                + "language=en, reliability=B, credibility=2], Source[outlet=Khmer Times, url=null, publishedDate=null, "
                + "language=km, reliability=null, credibility=6]]");
        assertThat(r.geometryGeoJson()).isEqualTo("{\"type\":\"Point\",\"coordinates\":[103.52,10.61]}");
    }

    @ParameterizedTest(name = "{0} stays {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"'hello", "it's", "'", "a'=b"})
    void aQuoteThatIsNoEscapeStays(String cell) {
        assertThat(CsvIncidentRows.unescaped(cell)).isEqualTo(cell);
    }

    @Test
    void lonAndLatBesideWktMustLieOnIt() throws IOException {
        assertThat(errors("category,title,start_date,wkt,lon,lat,location_precision,country",
                "raid,Raid,2022,POINT (103.52 10.61),104.9,11.5,town,KHM")).singleElement().asString()
                .startsWith("wkt: give either lon and lat or wkt, not both");
    }

    @Test
    void anUnknownColumnRefusesTheFile() {
        assertThatThrownBy(() -> rows("category,title,lattitude\n")).isInstanceOf(UnreadableFile.class)
                .hasMessageContaining("Unknown column(s) [lattitude]");
    }

    @Test
    void theErrorColumnOfARejectedRowsFileIsIgnored() throws IOException {
        IncidentRecord r = record(HEADER + ",error", VALID + ",\"start_date: was wrong\"");
        assertThat(r.externalId()).isEqualTo("r1");
    }

    private IncidentRecord record(String header, String row) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        IncidentRecord r = check(header, row, errors);
        assertThat(errors).isEmpty();
        return r;
    }

    private List<String> errors(String header, String row) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        CsvIncidentRows rows = rows(header + "\n" + row + "\n");
        ImportRow r = rows.next();
        errors.addAll(r.errors());
        if (r.properties() != null && r.errors().isEmpty()) {
            validator.validate(1, r.properties(), r.geometry(), errors);
        }
        return errors.stream().map(e -> rows.fieldName(e.field()) + ": " + e.message()).collect(Collectors.toList());
    }

    private IncidentRecord check(String header, String row, List<RecordError> errors) throws IOException {
        ImportRow r = rows(header + "\n" + row + "\n").next();
        errors.addAll(r.errors());
        return validator.validate(1, r.properties(), r.geometry(), errors);
    }

    private static CsvIncidentRows rows(String text) throws IOException {
        return CsvIncidentRows.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
