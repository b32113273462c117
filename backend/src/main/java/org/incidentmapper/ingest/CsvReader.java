package org.incidentmapper.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader: fields separated by {@code ,} or {@code ;} (whichever the header line uses more, outside
 * quotes), optionally in double quotes, where a quoted field may hold the delimiter, {@code ""} for a quote, and
 * line breaks. Lines end in LF, CRLF or CR. Input must be UTF-8; a leading byte order mark is dropped. Blank lines
 * are skipped. A quote inside an unquoted field is kept as a character.
 *
 * <p>Memory stays bounded however the file is made: a field longer than {@code maxFieldChars} keeps only its first
 * {@code maxFieldChars} characters and is listed in {@link #oversized()}; a record with more than
 * {@value #MAX_FIELDS} fields keeps only those and reports its true count in {@link #fieldCount()}. The caller
 * turns either into an error of that row.
 */
public final class CsvReader implements Closeable {

    private static final int BUFFER = 64 * 1024;
    /** Most fields kept of one record; beyond, they are counted only. */
    static final int MAX_FIELDS = 10_000;
    /** Default longest field, in characters. */
    static final int DEFAULT_MAX_FIELD_CHARS = 1_000_000;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
    private boolean endOfBytes;
    private boolean flushed;
    private final char[] buffer = new char[BUFFER];
    private int position;
    private int limit;
    private char delimiter;
    private int line = 1;
    private int recordLine;
    private final StringBuilder field = new StringBuilder();
    private final int maxFieldChars;
    private final List<Integer> oversized = new ArrayList<>();
    private int fieldCount;

    private CsvReader(InputStream in, char delimiter, int maxFieldChars) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxFieldChars = maxFieldChars;
    }

    /** A reader of UTF-8 bytes whose delimiter is found from the header line. */
    public static CsvReader open(InputStream bytes) throws IOException {
        return open(bytes, DEFAULT_MAX_FIELD_CHARS);
    }

    /** A reader whose fields longer than {@code maxFieldChars} are cut there and listed in {@link #oversized()}. */
    public static CsvReader open(InputStream bytes, int maxFieldChars) throws IOException {
        BufferedInputStream in = new BufferedInputStream(bytes, BUFFER);
        in.mark(4);
        byte[] start = in.readNBytes(3);
        in.reset();
        if (start.length >= 2 && ((start[0] == (byte) 0xFF && start[1] == (byte) 0xFE)
                || (start[0] == (byte) 0xFE && start[1] == (byte) 0xFF))) {
            throw new UnreadableFile("The file is UTF-16, not UTF-8. Save it as UTF-8 (in Excel: 'CSV UTF-8 (Comma "
                    + "delimited)') and upload it again.");
        }
        if (start.length == 3 && start[0] == (byte) 0xEF && start[1] == (byte) 0xBB && start[2] == (byte) 0xBF) {
            in.skipNBytes(3);
        }
        CsvReader csv = new CsvReader(in, ',', maxFieldChars);
        csv.delimiter = csv.detectDelimiter();
        return csv;
    }

    public char delimiter() {
        return delimiter;
    }

    /** Line number (from 1) on which the record last returned by {@link #next} starts. */
    public int line() {
        return recordLine;
    }

    /** Positions (from 0) of the fields of the last record that were longer than the limit and cut. */
    public List<Integer> oversized() {
        return List.copyOf(oversized);
    }

    /** How many fields the last record had, including any beyond {@value #MAX_FIELDS} that were not kept. */
    public int fieldCount() {
        return fieldCount;
    }

    /** The next record's fields, or null at the end of the input. */
    public List<String> next() throws IOException {
        while (true) {
            if (!fill()) {
                return null;
            }
            recordLine = line;
            oversized.clear();
            fieldCount = 0;
            List<String> fields = new ArrayList<>();
            boolean end = false;
            while (!end) {
                end = readField(fields);
            }
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue; // a blank line
            }
            return fields;
        }
    }

    /** Reads one field into {@code fields}; true when it ended the record. */
    private boolean readField(List<String> fields) throws IOException {
        field.setLength(0);
        if (fill() && buffer[position] == '"') {
            position++;
            int openedOn = line;
            while (true) {
                if (!fill()) {
                    throw new UnreadableFile("A quoted field that starts on line " + openedOn + " is never closed");
                }
                char c = buffer[position++];
                if (c == '"') {
                    if (fill() && buffer[position] == '"') {
                        position++;
                        append('"');
                    } else {
                        break;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !(fill() && buffer[position] == '\n'))) {
                        line++;
                    }
                    append(c);
                }
            }
        }
        while (true) {
            if (!fill()) {
                keep(fields);
                return true;
            }
            char c = buffer[position++];
            if (c == delimiter) {
                keep(fields);
                return false;
            }
            if (c == '\n' || c == '\r') {
                if (c == '\r' && fill() && buffer[position] == '\n') {
                    position++;
                }
                line++;
                keep(fields);
                return true;
            }
            append(c);
        }
    }

    private void append(char c) {
        if (field.length() < maxFieldChars) {
            field.append(c);
        } else if (oversized.isEmpty() || oversized.get(oversized.size() - 1) != fieldCount) {
            oversized.add(fieldCount);
        }
    }

    private void keep(List<String> fields) {
        if (fieldCount++ < MAX_FIELDS) {
            fields.add(field.toString());
        }
    }

    /** Whether a character is available at {@code position}, decoding more UTF-8 when needed. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        if (flushed) {
            return false;
        }
        CharBuffer out = CharBuffer.wrap(buffer);
        while (out.position() == 0) {
            if (!endOfBytes && !bytes.hasRemaining() || bytes.remaining() < 4 && !endOfBytes) {
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    endOfBytes = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
            CoderResult result = decoder.decode(bytes, out, endOfBytes);
            if (result.isError()) {
                int at = line;
                for (int i = 0; i < out.position(); i++) {
                    at += buffer[i] == '\n' ? 1 : 0;
                }
                throw new UnreadableFile("The file is not UTF-8: line " + at + " has bytes that are not UTF-8 "
                        + "text. Save it as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)') and upload it again.");
            }
            if (endOfBytes && !bytes.hasRemaining()) {
                decoder.flush(out);
                flushed = true;
                break;
            }
        }
        position = 0;
        limit = out.position();
        return limit > 0;
    }

    /** Counts {@code ,} and {@code ;} outside quotes on the first line; {@code ;} when it is more frequent. */
    private char detectDelimiter() throws IOException {
        if (!fill()) {
            return ',';
        }
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = position; i < limit; i++) {
            char c = buffer[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
