/** Mapbox Vector Tiles of the incidents from ST_AsMVT, with the filters of /api/incidents and per-role caching. */
package org.incidentmapper.tile;
