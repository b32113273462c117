package org.incidentmapper.export;

import java.util.List;

/**
 * The GeoPackage export's sources as a related table (OGC 18-000, GeoPackage Related Tables Extension): layer
 * {@code incidents} (fid = incident id) is the base table, {@code incident_sources} the related attributes table,
 * {@link #MAPPING} (base_id → related_id, written by ogr2ogr) the mapping table. GDAL 3.6 reads such relations but
 * cannot write them, so after ogr2ogr these statements, run one each through ogrinfo on the finished file, add the
 * extension's table and registrations exactly as the extension defines them. GDAL's {@code validate_gpkg.py}
 * checks the result (ExportStandardsTest).
 */
final class GeoPackageRelations {

    /** The related attributes table: one row per source. */
    static final String SOURCES = "incident_sources";
    /** The mapping table: base_id = incident fid, related_id = source fid. */
    static final String MAPPING = "incidents_incident_sources";

    private static final String EXTENSION = "'related_tables', 'http://www.geopackage.org/18-000.html', 'read-write'";

    static final List<String> STATEMENTS = List.of(
            // GDAL has made it for its own extensions (the R-tree); its definition, for a file without any
            """
            CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT,
                extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
                CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
            """
            CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, base_table_name TEXT NOT NULL,
                base_primary_column TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT NULL,
                related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name TEXT NOT NULL,
                mapping_table_name TEXT NOT NULL UNIQUE)""",
            "INSERT INTO gpkgext_relations (base_table_name, base_primary_column, related_table_name,"
                    + " related_primary_column, relation_name, mapping_table_name) VALUES ('" + Exporter.LAYER
                    + "', 'id', '" + SOURCES + "', 'fid', 'attributes', '" + MAPPING + "')",
            "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES"
                    + " ('gpkgext_relations', NULL, " + EXTENSION + "), ('" + MAPPING + "', NULL, " + EXTENSION + ")");

    private GeoPackageRelations() {
    }
}
