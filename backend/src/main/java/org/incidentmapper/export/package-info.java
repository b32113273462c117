/** Exports of the filtered incidents as files for GIS tools and spreadsheets, written by GDAL's ogr2ogr. */
package org.incidentmapper.export;
