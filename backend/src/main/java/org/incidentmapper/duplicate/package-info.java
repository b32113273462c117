/**
 * Duplicates: pairs of incidents that probably report one event (candidates), merging one into the other with every
 * source and the history kept (and undoing it), and pairs an analyst keeps apart. Analysts and admins only.
 */
package org.incidentmapper.duplicate;
