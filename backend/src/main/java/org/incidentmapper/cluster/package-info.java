/**
 * What lets several app instances share one PostgreSQL and its hot standby: sessions in the database, cluster-wide
 * advisory locks (startup loading, export slots, backups), and read-only requests served from the standby.
 */
package org.incidentmapper.cluster;
