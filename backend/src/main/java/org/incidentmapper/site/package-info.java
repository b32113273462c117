/**
 * Sites (compounds, casinos, hospitals) with aliases in any script, operators and a dated, sourced lifecycle;
 * relocations between sites drawn as arcs; their API, their edits and the sample sites loaded at start.
 */
package org.incidentmapper.site;
