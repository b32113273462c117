package org.incidentmapper.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes validated incidents in one transaction: all or none. A record's identity is its external id, or when it
 * has none a stable hash of its first source URL, start date and place, so writing the same records again updates
 * them in place instead of duplicating them.
 */
@Component
public class IncidentWriter {

    private final JdbcClient jdbc;

    IncidentWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Category key to whether it is a period; what {@link RecordValidator} needs. */
    Map<String, Boolean> categories() {
        return jdbc.sql("SELECT key, is_period FROM category").query((row, n) -> Map.entry(row.getString(1),
                row.getBoolean(2))).list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Inserts or updates every record; returns the ids in record order. */
    @Transactional
    public List<Long> write(List<IncidentRecord> records) {
        return records.stream().map(this::upsert).toList();
    }

    private long upsert(IncidentRecord r) {
        long id = jdbc.sql("""
                INSERT INTO incident (external_id, category, title, description, start_date, end_date, date_precision,
                    geom, location_name, location_precision, country, province, victims_count, victim_nationalities,
                    status)
                VALUES (:externalId, :category, :title, :description, :startDate, :endDate, :datePrecision,
                    ST_SetSRID(ST_GeomFromGeoJSON(:geometry), 4326), :locationName, :locationPrecision, :country,
                    :province, :victimsCount, CAST(:nationalities AS char(3)[]), :status)
                ON CONFLICT (external_id) DO UPDATE SET
                    category = EXCLUDED.category, title = EXCLUDED.title, description = EXCLUDED.description,
                    start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
                    date_precision = EXCLUDED.date_precision, geom = EXCLUDED.geom,
                    location_name = EXCLUDED.location_name, location_precision = EXCLUDED.location_precision,
                    country = EXCLUDED.country, province = EXCLUDED.province, victims_count = EXCLUDED.victims_count,
                    victim_nationalities = EXCLUDED.victim_nationalities, status = EXCLUDED.status, updated_at = now()
                RETURNING id""")
                .param("externalId", r.externalId() != null ? r.externalId() : derivedKey(r))
                .param("category", r.category())
                .param("title", r.title())
                .param("description", r.description())
                .param("startDate", Date.valueOf(r.startDate()))
                .param("endDate", r.endDate() == null ? null : Date.valueOf(r.endDate()))
                .param("datePrecision", r.datePrecision())
                .param("geometry", r.geometryGeoJson())
                .param("locationName", r.locationName())
                .param("locationPrecision", r.locationPrecision())
                .param("country", r.country())
                .param("province", r.province())
                .param("victimsCount", r.victimsCount())
                .param("nationalities", "{" + String.join(",", r.victimNationalities()) + "}")
                .param("status", r.status())
                .query(Long.class).single();
        jdbc.sql("DELETE FROM incident_source WHERE incident_id = :id").param("id", id).update();
        int position = 0;
        for (IncidentRecord.Source s : r.sources()) {
            jdbc.sql("""
                    INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
                    VALUES (:id, :position, :outlet, :url, :published, :language)""")
                    .param("id", id).param("position", ++position).param("outlet", s.outlet()).param("url", s.url())
                    .param("published", s.publishedDate() == null ? null : Date.valueOf(s.publishedDate()))
                    .param("language", s.language())
                    .update();
        }
        return id;
    }

    /** Identity of a record without an external id: its first source URL, start date and place. */
    static String derivedKey(IncidentRecord r) {
        String url = r.sources().isEmpty() ? "" : String.valueOf(r.sources().get(0).url());
        String place = r.locationName() != null ? r.locationName() : r.geometryGeoJson();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((url + "\n" + r.startDate() + "\n" + place).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
