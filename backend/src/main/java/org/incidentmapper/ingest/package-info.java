/** Importing files of incidents: CSV and GeoJSON readers, the import run and its report, the sample data load. */
package org.incidentmapper.ingest;
