package org.incidentmapper.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** The rows of one import file, read one at a time so a large file never sits in memory whole. */
interface ImportRows extends Closeable {

    /** The next row, or null after the last. Throws {@link UnreadableFile} when the file cannot be used. */
    ImportRow next() throws IOException;

    /** Column names of the rejected-rows CSV, without the final {@code error} column. */
    List<String> columns();

    /** The name a user knows a validated property by in this file: a CSV column for a CSV. */
    String fieldName(String property);
}
