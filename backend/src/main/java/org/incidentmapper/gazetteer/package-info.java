/** Place names to points: the gazetteer loaded from {@code data/gazetteer} and {@code GET /api/geocode}. */
package org.incidentmapper.gazetteer;
