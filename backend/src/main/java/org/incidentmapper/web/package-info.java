/** HTTP vocabulary shared by the features: problem+json errors, query parameter parsing, media types. */
package org.incidentmapper.web;
