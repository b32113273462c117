package org.incidentmapper.province;

import org.incidentmapper.web.BadParameterException;

/**
 * How to read a boundary file: which of its fields hold each boundary's code and name, and where the country comes
 * from. Field names match the file's exactly, or ignoring case when that is unambiguous.
 *
 * @param nameField      field with the boundary's name (required)
 * @param codeField      field with its code, unique in the file (required)
 * @param nameLocalField field with the name in the national script, or null
 * @param countryField   field with the ISO 3166-1 alpha-3 country code, or null
 * @param country        one alpha-3 code for every boundary, when there is no country field; or null
 * @param layer          the layer to read from a file with several (a GeoPackage), or null
 * @param repair         true: repair invalid geometries with ST_MakeValid instead of refusing the file
 * @param setName        what this boundary set is, shown with it (default: the file name)
 */
record BoundaryImport(String nameField, String codeField, String nameLocalField, String countryField, String country,
        String layer, boolean repair, String setName) {

    BoundaryImport {
        nameField = required("nameField", nameField);
        codeField = required("codeField", codeField);
        nameLocalField = blankToNull(nameLocalField);
        countryField = blankToNull(countryField);
        country = blankToNull(country);
        layer = blankToNull(layer);
        setName = blankToNull(setName);
        if (country != null) {
            country = country.toUpperCase(java.util.Locale.ROOT);
            if (!country.matches("[A-Z]{3}")) {
                throw new BadParameterException("country", "'country' must be an ISO 3166-1 alpha-3 code such as KHM");
            }
            if (countryField != null) {
                throw new BadParameterException("country", "Give either 'country' or 'countryField', not both");
            }
        }
        if (setName != null && setName.length() > 200) {
            throw new BadParameterException("name", "'name' is longer than 200 characters");
        }
    }

    /** The fields of the extract in data/boundaries (admin1.geojson). */
    static BoundaryImport naturalEarth(String setName) {
        return new BoundaryImport("name", "code", "name_local", "country", null, null, false, setName);
    }

    private static String required(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new BadParameterException(parameter, "'" + parameter + "' is required: the name of the file's field "
                    + "that holds each boundary's " + (parameter.startsWith("name") ? "name" : "code"));
        }
        return value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
