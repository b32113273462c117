/** Getting incidents in: reading GeoJSON files, validating every record, and writing them in one transaction. */
package org.incidentmapper.ingest;
