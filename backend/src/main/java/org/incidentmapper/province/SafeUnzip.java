package org.incidentmapper.province;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.incidentmapper.web.BadParameterException;

/**
 * Extracts an uploaded zip only after every entry has been checked: an entry whose name leaves the target directory
 * ({@code ../}, an absolute path, a drive letter, a backslash) or that is a symbolic link refuses the whole zip before
 * anything is written. Entry count and total uncompressed size are capped; the size is counted on the bytes actually
 * inflated, not taken from the headers, which a zip bomb can fake.
 */
final class SafeUnzip {

    static final int MAX_ENTRIES = 200;

    private final long maxBytes;

    SafeUnzip(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Extracts {@code zip} into the empty directory {@code target}; errors name the parameter {@code file}. */
    void extract(Path zip, Path target) throws IOException {
        List<String> links = symbolicLinks(zip);
        if (!links.isEmpty()) {
            throw bad("The zip contains a symbolic link ('" + links.get(0) + "'); links are refused");
        }
        try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            List<? extends ZipEntry> entries = Collections.list(file.entries());
            if (entries.size() > MAX_ENTRIES) {
                throw bad("The zip has " + entries.size() + " entries; at most " + MAX_ENTRIES + " are accepted");
            }
            long declared = 0;
            for (ZipEntry entry : entries) {
                checkName(entry.getName(), target);
                declared += Math.max(0, entry.getSize());
            }
            if (declared > maxBytes) {
                throw tooBig();
            }
            long written = 0;
            for (ZipEntry entry : entries) {
                Path out = target.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry); OutputStream os = Files.newOutputStream(out)) {
                    byte[] buffer = new byte[65536];
                    for (int n; (n = in.read(buffer)) > 0;) {
                        written += n;
                        if (written > maxBytes) {
                            throw tooBig();
                        }
                        os.write(buffer, 0, n);
                    }
                }
            }
        } catch (ZipException e) {
            throw bad("The file is not a readable zip file (" + e.getMessage() + ")");
        }
    }

    private static void checkName(String name, Path target) {
        boolean escapes = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*")
                || List.of(name.split("/")).contains("..")
                || !target.resolve(name).normalize().startsWith(target);
        if (escapes) {
            throw bad("The zip entry '" + abbreviate(name) + "' would be written outside the target directory; "
                    + "entries with '..', absolute paths or backslashes are refused");
        }
    }

    /**
     * Names of entries stored as Unix symbolic links. {@link ZipFile} does not expose the external attributes that
     * mark them, so this reads the central directory itself (made-by host 3 = Unix, mode S_IFLNK).
     */
    static List<String> symbolicLinks(Path zip) throws IOException {
        List<String> links = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(zip)) {
            long size = channel.size();
            int tailLength = (int) Math.min(size, 22 + 65535);
            ByteBuffer tail = read(channel, size - tailLength, tailLength);
            int end = -1;
            for (int i = tailLength - 22; i >= 0; i--) {
                if (tail.getInt(i) == 0x06054b50) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw bad("The file is not a zip file");
            }
            int count = Short.toUnsignedInt(tail.getShort(end + 10));
            long directorySize = Integer.toUnsignedLong(tail.getInt(end + 12));
            long directoryOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
            if (count > MAX_ENTRIES) {
                throw bad("The zip has " + count + " entries; at most " + MAX_ENTRIES + " are accepted");
            }
            if (directorySize > 4L * 1024 * 1024 || directoryOffset + directorySize > size) {
                throw bad("The file is not a readable zip file (central directory out of range)");
            }
            ByteBuffer directory = read(channel, directoryOffset, (int) directorySize);
            int p = 0;
            for (int n = 0; n < count; n++) {
                if (p + 46 > directory.limit() || directory.getInt(p) != 0x02014b50) {
                    throw bad("The file is not a readable zip file (damaged central directory)");
                }
                int host = Short.toUnsignedInt(directory.getShort(p + 4)) >> 8;
                int nameLength = Short.toUnsignedInt(directory.getShort(p + 28));
                int extraLength = Short.toUnsignedInt(directory.getShort(p + 30));
                int commentLength = Short.toUnsignedInt(directory.getShort(p + 32));
                long external = Integer.toUnsignedLong(directory.getInt(p + 38));
                if (host == 3 && ((external >>> 16) & 0xF000) == 0xA000) {
                    byte[] name = new byte[Math.min(nameLength, directory.limit() - p - 46)];
                    directory.get(p + 46, name);
                    links.add(abbreviate(new String(name, StandardCharsets.UTF_8)));
                }
                p += 46 + nameLength + extraLength + commentLength;
            }
        }
        return links;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
            // keep reading
        }
        return buffer.flip();
    }

    private BadParameterException tooBig() {
        return bad("The zip unpacks to more than " + maxBytes / (1024 * 1024) + " MB (setting mapper.boundary-import.max-unzipped-mb)");
    }

    private static BadParameterException bad(String detail) {
        return new BadParameterException("file", detail);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
