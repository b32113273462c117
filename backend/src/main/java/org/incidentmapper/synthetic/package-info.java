/** Synthetic incidents for load tests: {@code ./mapper generate N} fills the database, {@code --remove} empties it. */
package org.incidentmapper.synthetic;
