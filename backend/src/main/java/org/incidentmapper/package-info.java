/** Incident mapper: geocoded incidents of scam compounds and trafficking, from PostGIS to a Leaflet map. */
package org.incidentmapper;
