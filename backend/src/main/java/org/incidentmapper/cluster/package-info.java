/** Clusters: counts of incidents per grid cell of a map view, computed in PostGIS, for zoom levels too wide for points. */
package org.incidentmapper.cluster;
