/** Incident categories: their labels and colours, and how many incidents each holds. */
package org.incidentmapper.category;
