package org.incidentmapper.ingest;

/**
 * Size limits of one imported row, checked while the file streams in, before memory grows: the longest text of one
 * CSV field or GeoJSON property value ({@code mapper.import.max-field-chars}, default 1,000,000 characters) and the
 * most positions of one geometry ({@code mapper.import.max-vertices}, default 100,000). A row over a limit is an
 * error of that row. A GeoJSON string longer than {@link #hardStringChars()} stops the whole file (413), since the
 * JSON parser cannot skip it.
 */
record ImportLimits(int maxFieldChars, int maxVertices) {

    static final ImportLimits DEFAULT = new ImportLimits(1_000_000, 100_000);

    ImportLimits {
        if (maxFieldChars < 1 || maxVertices < 1) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }

    /** The longest JSON string the parser holds at all: a few times the field limit, at least 16M characters. */
    int hardStringChars() {
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.max(16_000_000L, 4L * maxFieldChars));
    }
}
