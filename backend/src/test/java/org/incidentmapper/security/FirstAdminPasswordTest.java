package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstAdminPasswordTest {

    @TempDir
    Path dir;

    @Test
    void passwordGoesToAFileOnlyTheAppUserReadsAndTheMessageNamesThePathNotThePassword() throws Exception {
        Path file = dir.resolve("var/admin.password");
        String message = FirstAdminPassword.write(file, "admin", "s3cret-Pa55word-xyz");
        assertThat(Files.readString(file)).isEqualTo("s3cret-Pa55word-xyz\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(message).contains(file.toAbsolutePath().toString()).doesNotContain("s3cret-Pa55word-xyz");
        // a second first start (database wiped) replaces the file, still 600
        FirstAdminPassword.write(file, "admin", "another-Pa55word-abc");
        assertThat(Files.readString(file)).isEqualTo("another-Pa55word-abc\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
