package org.incidentmapper.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The first admin's password goes to a file only the app's own OS user may read (mode 600), never to the console or
 * the log, which are often redirected to files others read; the console says where the file is.
 */
final class FirstAdminPassword {

    private FirstAdminPassword() {
    }

    /** Writes {@code password} to {@code file} (replacing it, mode 600 from the start); returns what to print. */
    static String write(Path file, String username, String password) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".admin-password", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, password + "\n");
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return """

                ==================================================================
                 Admin account '%s' created. Its password is in
                   %s
                 (readable only by this user). Sign in, then change it or make your
                 own accounts at /api/accounts, and delete the file.
                ==================================================================
                """.formatted(username, target);
    }
}
