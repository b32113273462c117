package org.incidentmapper.export;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.QueryParams;

/**
 * The {@code flat} parameter of the API's GeoJSON and JSON answers: {@code flat=true} gives properties whose every
 * value is a scalar (lists joined into text, nested objects as one column per member), which QGIS and GDAL can save
 * to any format. The flattening is SQL ({@code flat_properties}, {@code flat_feature} of V25), applied to whatever
 * expression builds the JSON, so it follows every projection.
 */
public final class FlatJson {

    /** The parameter's name. */
    public static final String PARAMETER = "flat";

    private FlatJson() {
    }

    /** Whether {@code flat=true} was asked for; absent is false; anything but true or false is a 400 naming it. */
    public static boolean requested(QueryParams params) {
        String value = params.get(PARAMETER).orElse("false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new BadParameterException(PARAMETER, "'flat' must be true or false");
        }
        return value.equals("true");
    }

    /**
     * SQL of the Feature {@code featureSql} builds, its properties flat when {@code flat}; {@code objectLists} are
     * the (constant) names of properties holding lists of objects, so an empty one still gives its count column.
     */
    public static String feature(String featureSql, boolean flat, String... objectLists) {
        return flat ? "flat_feature(" + featureSql + ", " + textArray(objectLists) + ")" : featureSql;
    }

    /** SQL of the properties object {@code propertiesSql} builds, flat when {@code flat}. */
    public static String properties(String propertiesSql, boolean flat, String... objectLists) {
        return flat ? "flat_properties(" + propertiesSql + ", " + textArray(objectLists) + ")" : propertiesSql;
    }

    private static String textArray(String... names) {
        for (String name : names) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not a property name: " + name);
            }
        }
        return Arrays.stream(names).collect(Collectors.joining(",", "CAST('{", "}' AS text[])"));
    }
}
