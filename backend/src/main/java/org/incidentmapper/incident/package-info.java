/** Incidents: the filterable GeoJSON API over the incident table. */
package org.incidentmapper.incident;
