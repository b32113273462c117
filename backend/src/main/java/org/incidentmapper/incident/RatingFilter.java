package org.incidentmapper.incident;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.QueryParams;

/**
 * Which best-supported Admiralty ratings a request accepts (README "How sure we are"), read from four parameters
 * that combine with AND: {@code reliability=A,B} (the rating's letter is one of these), {@code credibility=1,2,3}
 * (its digit is one of these), {@code minRating=B3} (letter B or better and digit 3 or better) and
 * {@code confirmed=true} (digit 1 or 2: hides what rests only on an unconfirmed single source, which by
 * {@code admiralty_best}'s rule is exactly an item whose digit is 3–6; an incident without sources has no rating and
 * is hidden too). {@code confirmed=false} is the default: nothing hidden.
 *
 * @param reliabilities the accepted letters; null: any (and incidents without a rating too)
 * @param credibilities the accepted digits; null: any
 */
public record RatingFilter(Set<String> reliabilities, Set<String> credibilities) {

    public static final String RELIABILITY = "reliability";
    public static final String CREDIBILITY = "credibility";
    public static final String MIN_RATING = "minRating";
    public static final String CONFIRMED = "confirmed";

    public static final RatingFilter ANY = new RatingFilter(null, null);

    private static final List<String> LETTERS = SourceFields.RELIABILITY.keys();
    private static final List<String> DIGITS = SourceFields.CREDIBILITY.keys();

    public static RatingFilter parse(QueryParams params) {
        Set<String> letters = params.get(RELIABILITY).map(v -> grades(RELIABILITY, v, LETTERS)).orElse(null);
        Set<String> digits = params.get(CREDIBILITY).map(v -> grades(CREDIBILITY, v, DIGITS)).orElse(null);
        String min = params.get(MIN_RATING).map(v -> v.strip().toUpperCase(Locale.ROOT)).orElse(null);
        if (min != null) {
            if (!min.matches("[A-F][1-6]")) {
                throw new BadParameterException(MIN_RATING, "'minRating' must be a rating such as B3 (a letter A–F, "
                        + "then a digit 1–6): incidents rated that or better on both; got '"
                        + QueryParams.abbreviate(min) + "'");
            }
            letters = intersect(letters, LETTERS.subList(0, LETTERS.indexOf(min.substring(0, 1)) + 1));
            digits = intersect(digits, DIGITS.subList(0, DIGITS.indexOf(min.substring(1)) + 1));
        }
        String confirmed = params.get(CONFIRMED).map(String::strip).orElse("false");
        switch (confirmed) {
            case "true" -> digits = intersect(digits, List.of("1", "2"));
            case "false" -> { }
            default -> throw new BadParameterException(CONFIRMED, "'confirmed' must be true (hide what rests only on "
                    + "an unconfirmed single source) or false (the default); got '"
                    + QueryParams.abbreviate(confirmed) + "'");
        }
        return new RatingFilter(letters, digits);
    }

    /** Whether any rating is excluded. */
    boolean constrains() {
        return reliabilities != null || credibilities != null;
    }

    /**
     * A regular expression a matching rating matches, made only of validated grades (e.g. {@code ^[AB][12]$}); null
     * when no rating can match (e.g. {@code reliability=A&minRating=B3&credibility=4}).
     */
    String pattern() {
        if ((reliabilities != null && reliabilities.isEmpty()) || (credibilities != null && credibilities.isEmpty())) {
            return null;
        }
        return "^" + characterClass(reliabilities, "A-F") + characterClass(credibilities, "1-6") + "$";
    }

    private static String characterClass(Set<String> grades, String all) {
        return "[" + (grades == null ? all : String.join("", grades)) + "]";
    }

    private static Set<String> grades(String parameter, String text, List<String> allowed) {
        Set<String> grades = new LinkedHashSet<>();
        for (String grade : text.split(",")) {
            grade = grade.strip().toUpperCase(Locale.ROOT);
            if (grade.isEmpty()) {
                continue;
            }
            if (!allowed.contains(grade)) {
                throw new BadParameterException(parameter, "'" + parameter + "' must be grades "
                        + allowed.get(0) + "–" + allowed.get(allowed.size() - 1) + " separated by commas ("
                        + (parameter.equals(RELIABILITY) ? SourceFields.RELIABILITY : SourceFields.CREDIBILITY).values
                                .stream().map(IncidentFields.Value::label).collect(Collectors.joining(", "))
                        + "); got '" + QueryParams.abbreviate(grade) + "'");
            }
            grades.add(grade);
        }
        if (grades.isEmpty()) {
            throw new BadParameterException(parameter, "'" + parameter + "' is empty: give grades such as "
                    + allowed.get(0) + "," + allowed.get(1) + ", or leave the parameter out");
        }
        return grades;
    }

    private static Set<String> intersect(Set<String> grades, List<String> with) {
        Set<String> result = new LinkedHashSet<>(with);
        if (grades != null) {
            result.retainAll(grades);
        }
        return result;
    }

}
