/** Provinces: admin-1 boundaries and their import, the province of every incident, and spread over time. */
package org.incidentmapper.province;
