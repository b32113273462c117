/** Map clusters: incidents counted per grid cell of a map view in PostGIS, for zoom levels too wide for points. */
package org.incidentmapper.mapcluster;
