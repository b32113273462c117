/**
 * The incident resource, whole: its fields described once ({@code IncidentFields}, {@code SourceFields}, served as
 * {@code /api/schema}), reading (the filterable GeoJSON API), validating, and writing (the edit API and the one
 * writer that imports and sample data go through too).
 */
package org.incidentmapper.incident;
