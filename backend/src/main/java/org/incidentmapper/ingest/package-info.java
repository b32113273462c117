/** Getting incidents in: the edit API, CSV and GeoJSON imports, validation of every record, and the one writer all of them (and the sample data) go through. */
package org.incidentmapper.ingest;
