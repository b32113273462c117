/** Child processes (GDAL, pg_ctl, initdb): one runner with a timeout that fires, bounded output, a clean environment. */
package org.incidentmapper.process;
