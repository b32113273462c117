package org.incidentmapper.site;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.incidentmapper.web.DateParam;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads typed members of one JSON object of a request body (a site, a state, a source, a relocation), collecting
 * every problem with the path of the member at fault ({@code states[2].sources[1].url}) instead of stopping at the
 * first, so a client can fix a whole body in one pass.
 */
final class InputReader {

    /** A member at fault and what is wrong with it. */
    record Problem(String field, String message) {
    }

    static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    static final Pattern URL = Pattern.compile("(?i)https?://\\S+");
    static final List<String> DATE_PRECISIONS = List.of("day", "month", "year");

    private final JsonNode object;
    private final String prefix;
    private final List<Problem> problems;

    InputReader(JsonNode object, String prefix, List<Problem> problems) {
        this.object = object == null || !object.isObject() ? JsonNodeFactory.instance.objectNode() : object;
        this.prefix = prefix;
        this.problems = problems;
    }

    void problem(String field, String message) {
        problems.add(new Problem(prefix + field, message));
    }

    private JsonNode value(String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    String text(String field, int maxLength, boolean required) {
        JsonNode node = value(field);
        if (node == null || (node.isString() && node.asString().isBlank())) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (!node.isString()) {
            problem(field, "must be text");
            return null;
        }
        String text = node.asString().strip();
        if (text.length() > maxLength) {
            problem(field, "is longer than " + maxLength + " characters");
            return null;
        }
        return text;
    }

    String oneOf(String field, List<String> allowed, boolean required) {
        String text = text(field, 50, required);
        if (text != null && !allowed.contains(text)) {
            problem(field, "must be one of " + allowed + ", not '" + text + "'");
            return null;
        }
        return text;
    }

    String matching(String field, Pattern pattern, String what, int maxLength, boolean required) {
        String text = text(field, maxLength, required);
        if (text != null && !pattern.matcher(text).matches()) {
            problem(field, "must be " + what + ", not '" + text + "'");
            return null;
        }
        return text;
    }

    /** A date as {@code YYYY-MM-DD}, {@code YYYY-MM} or {@code YYYY} (its first day), between 1900 and next year. */
    LocalDate date(String field, boolean required) {
        String text = text(field, 10, required);
        if (text == null) {
            return null;
        }
        try {
            LocalDate date = DateParam.bound(text, false);
            if (date.getYear() < 1900 || date.isAfter(LocalDate.now().plusYears(1))) {
                problem(field, "date " + text + " is not plausible (before 1900 or in the future)");
                return null;
            }
            return date;
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return null;
        }
    }

    /** The precision a date's form implies: {@code 2022} year, {@code 2022-02} month, else day. */
    String impliedPrecision(String field) {
        String text = object.path(field).asString("");
        return text.matches("\\d{4}") ? "year" : text.matches("\\d{4}-\\d{2}") ? "month" : "day";
    }

    /** The given precision, else the one {@code dateField}'s form implies. */
    String datePrecision(String field, String dateField) {
        String given = oneOf(field, DATE_PRECISIONS, false);
        return given != null ? given : impliedPrecision(dateField);
    }

    boolean flag(String field) {
        JsonNode node = value(field);
        if (node != null && !node.isBoolean()) {
            problem(field, "must be true or false");
            return false;
        }
        return node != null && node.asBoolean();
    }

    /** A whole number of 1 or more naming a record; null when absent and not required. */
    Long id(String field, boolean required) {
        JsonNode node = value(field);
        if (node == null) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            problem(field, "must be the id of a record, a whole number of 1 or more");
            return null;
        }
        return node.asLong();
    }

    /** The items of an array member (none when absent); each read by {@code item} with its own path. */
    <T> List<T> list(String field, int maxItems, ItemReader<T> item) {
        JsonNode node = value(field);
        List<T> items = new ArrayList<>();
        if (node == null) {
            return items;
        }
        if (!node.isArray()) {
            problem(field, "must be an array");
            return items;
        }
        if (node.size() > maxItems) {
            problem(field, "has more than " + maxItems + " items");
            return items;
        }
        int n = 0;
        for (JsonNode element : node.values()) {
            n++;
            T value = item.read(element, prefix + field + "[" + n + "].", problems);
            if (value != null) {
                items.add(value);
            }
        }
        return items;
    }

    /** Reads one item of an array; {@code path} prefixes its members' names in problems. */
    interface ItemReader<T> {
        T read(JsonNode element, String path, List<Problem> problems);
    }

    /** A text item of an array (operators). */
    static ItemReader<String> textItem(int maxLength) {
        return (element, path, problems) -> {
            String where = path.substring(0, path.length() - 1);
            if (element == null || !element.isString() || element.asString().isBlank()) {
                problems.add(new Problem(where, "must be non-empty text"));
                return null;
            }
            String text = element.asString().strip();
            if (text.length() > maxLength) {
                problems.add(new Problem(where, "is longer than " + maxLength + " characters"));
                return null;
            }
            return text;
        };
    }

    /** A source of a state or relocation: where it was reported, with its Admiralty rating. */
    static ItemReader<SiteRecord.Source> source() {
        return (element, path, problems) -> {
            InputReader s = new InputReader(element, path, problems);
            int before = problems.size();
            String outlet = s.text("outlet", 200, true);
            String url = s.matching("url", URL, "an http or https URL", 2000, false);
            LocalDate published = s.date("publishedDate", false);
            String language = s.matching("language", LANGUAGE, "an ISO 639 code such as en, km, zh", 3, false);
            String reliability = s.oneOf("reliability", List.of("A", "B", "C", "D", "E", "F"), false);
            Integer credibility = null;
            JsonNode c = element == null ? null : element.get("credibility");
            if (c != null && !c.isNull()) {
                if (c.isIntegralNumber() && c.asInt() >= 1 && c.asInt() <= 6) {
                    credibility = c.asInt();
                } else {
                    s.problem("credibility", "must be a whole number from 1 to 6");
                }
            }
            return problems.size() > before ? null
                    : new SiteRecord.Source(outlet, url, published, language, reliability, credibility);
        };
    }
}
