/**
 * OGC API - Features (Parts 1, 2 and 3) under {@code /ogc}: the incidents, one collection per category and the
 * provinces, readable by GDAL, QGIS and ArcGIS with the same accounts and generalisation as the rest of the API.
 */
package org.incidentmapper.ogc;
