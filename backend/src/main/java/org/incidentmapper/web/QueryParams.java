package org.incidentmapper.web;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.util.MultiValueMap;

/**
 * The query string of one request, checked against the parameter names an endpoint knows: an unknown name
 * (a typo such as {@code catgory}) or a repeated one is a 400, never silently ignored.
 */
public final class QueryParams {

    /** Longest value any parameter may have; longer is refused before it reaches a parser or the database. */
    public static final int MAX_VALUE_LENGTH = 2000;

    private final MultiValueMap<String, String> values;

    private QueryParams(MultiValueMap<String, String> values) {
        this.values = values;
    }

    public static QueryParams of(MultiValueMap<String, String> values, Set<String> known) {
        for (var entry : values.entrySet()) {
            String name = entry.getKey();
            if (!known.contains(name)) {
                throw new BadParameterException(name, "Unknown parameter '" + abbreviate(name)
                        + "'; known parameters are " + known.stream().sorted().toList());
            }
            if (entry.getValue().size() > 1) {
                throw new BadParameterException(name, "Parameter '" + name + "' is given more than once");
            }
            String value = entry.getValue().get(0);
            if (value != null && value.length() > MAX_VALUE_LENGTH) {
                throw new BadParameterException(name, "Parameter '" + name + "' is longer than "
                        + MAX_VALUE_LENGTH + " characters");
            }
            if (value != null && value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new BadParameterException(name, "Parameter '" + name + "' contains control characters");
            }
        }
        return new QueryParams(values);
    }

    /** The value of {@code name}, absent when not given or blank. */
    public Optional<String> get(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty() || list.get(0) == null || list.get(0).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(list.get(0).strip());
    }

    /** The whole number {@code name}, absent when not given; anything else than a number in [min, max] is a 400. */
    public Optional<Integer> wholeNumber(String name, int min, int max) {
        return get(name).map(text -> {
            try {
                int value = Integer.parseInt(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new BadParameterException(name, "'" + name + "' must be a whole number from " + min + " to " + max);
        });
    }

    /** {@code text} cut to 40 characters, for echoing user input in an error. */
    public static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
