/** Answers of read endpoints kept in memory until the data they were computed from changes (V80's data version). */
package org.incidentmapper.answer;
