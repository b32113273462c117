package org.incidentmapper.ingest;

import java.util.List;

/**
 * What an import did. {@code accepted} rows were valid and {@code rejected} were not; {@code created},
 * {@code updated} and {@code unchanged} count what was written, all zero when nothing was committed (an
 * all-or-nothing import with a rejected row). {@code rows} lists each error (at most {@link #MAX_ROWS}; the
 * rejected-rows CSV has them all).
 */
public record ImportReport(long id, String fileName, String format, String mode, boolean committed, int accepted,
        int rejected, int created, int updated, int unchanged, List<Row> rows, boolean rowsTruncated,
        String rejectedCsv) {

    static final int MAX_ROWS = 1000;

    /** One error of one row: {@code row} counts data rows (or features) from 1, {@code line} is the file line. */
    public record Row(int row, Integer line, String field, String message) {
    }
}
