/** The private PostGIS cluster the app starts for itself when no external database is configured. */
package org.incidentmapper.postgis;
