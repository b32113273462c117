/** The append-only audit trail: who created, changed, deleted, imported or exported what, when and from where. */
package org.incidentmapper.audit;
