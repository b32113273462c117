package org.incidentmapper.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.incidentmapper.web.InvalidFieldException;

/**
 * What a password must be, for every way of setting one (the account API, {@code --mapper.create-account}):
 * 12 to 200 characters, at least 5 different ones (no {@code aaaaaaaaaaaa}), not only digits and punctuation, not
 * the account name, and neither itself nor its core (without leading and trailing digits and punctuation, so
 * {@code Password2024!} counts as {@code password}) among the 49,000 most common passwords
 * ({@code security/common-passwords.txt}, see the README beside it).
 */
final class PasswordPolicy {

    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    /** The password if acceptable; otherwise a 422 naming {@code field} and saying why. */
    static String check(String field, String password, String username) {
        if (password.length() < 12 || password.length() > 200) {
            throw new InvalidFieldException(field, "'" + field + "' must have 12 to 200 characters");
        }
        if (password.codePoints().distinct().count() < 5) {
            throw new InvalidFieldException(field, "'" + field + "' must use at least 5 different characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String core = lower.replaceAll("^[\\p{N}\\p{P}\\p{S}\\s]+|[\\p{N}\\p{P}\\p{S}\\s]+$", "");
        if (core.isEmpty()) {
            throw new InvalidFieldException(field, "'" + field + "' must not be only digits and punctuation");
        }
        if (username != null && lower.contains(username.toLowerCase(Locale.ROOT))) {
            throw new InvalidFieldException(field, "'" + field + "' must not contain the account name");
        }
        if (COMMON.contains(lower) || COMMON.contains(core)) {
            throw new InvalidFieldException(field, "'" + field + "' is one of the most common passwords; choose another");
        }
        return password;
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(64_000);
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/security/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("security/common-passwords.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    words.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
