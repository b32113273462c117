/** Which reference and sample files the database was loaded from, so a start loads each once. */
package org.incidentmapper.dataset;
