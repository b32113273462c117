/** Settings the map page reads at start: basemap tiles and the initial view. */
package org.incidentmapper.map;
