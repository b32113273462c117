/**
 * Backups that are proven to restore: a consistent {@code pg_dump} with a manifest (checksum, schema version, row
 * counts of the same snapshot), a restore that only writes into an empty database and checks the counts, and
 * scheduled backups on the embedded database.
 */
package org.incidentmapper.backup;
