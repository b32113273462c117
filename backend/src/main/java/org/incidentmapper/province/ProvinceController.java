package org.incidentmapper.province;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

import org.incidentmapper.answer.AnswerCache;
import org.incidentmapper.category.CategoryRepository;
import org.incidentmapper.export.FlatJson;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.incident.IncidentRepository;
import org.incidentmapper.province.ProvinceRepository.Interval;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.MediaTypes;
import org.incidentmapper.web.QueryParams;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/provinces} (boundaries with incident counts: the choropleth), {@code /api/provinces/timeline}
 * (counts per period and the provinces affected so far) and {@code /api/provinces/spread} (provinces in the order
 * of their first incident). All take the filters of {@code /api/incidents}. An analyst's answer is kept until the
 * data changes ({@link AnswerCache}). Answers are the UTF-8 bytes PostgreSQL wrote, sent as they are.
 */
@RestController
class ProvinceController {

    static final int MAX_PERIODS = 2400;
    private static final MediaType GEO_JSON = MediaType.parseMediaType(MediaTypes.GEO_JSON + ";charset=UTF-8");

    private final ProvinceRepository provinces;
    private final IncidentRepository incidents;
    private final CategoryRepository categories;
    private final AnswerCache answers;

    ProvinceController(ProvinceRepository provinces, IncidentRepository incidents, CategoryRepository categories,
            AnswerCache answers) {
        this.provinces = provinces;
        this.incidents = incidents;
        this.categories = categories;
        this.answers = answers;
    }

    @GetMapping("/api/provinces")
    ResponseEntity<byte[]> collection(@RequestParam MultiValueMap<String, String> query) {
        QueryParams params = QueryParams.of(query, IncidentFilter.parametersWith("geometry", "simplify",
                FlatJson.PARAMETER));
        boolean geometry = !params.get("geometry").orElse("true").equals("false");
        if (!params.get("geometry").orElse("true").matches("true|false")) {
            throw new BadParameterException("geometry", "'geometry' must be true or false");
        }
        double simplify = params.get("simplify").map(ProvinceController::simplify).orElse(0.0);
        boolean flat = FlatJson.requested(params);
        IncidentFilter filter = filter(params);
        return ResponseEntity.ok().contentType(GEO_JSON).body(answers.get("provinces",
                "geometry=" + geometry + "&simplify=" + simplify + "&flat=" + flat + "&" + AnswerCache.key(filter),
                () -> provinces.collection(filter, geometry, simplify, flat), ProvinceController::size));
    }

    @GetMapping("/api/provinces/timeline")
    ResponseEntity<byte[]> timeline(@RequestParam MultiValueMap<String, String> query) {
        QueryParams params = QueryParams.of(query, IncidentFilter.parametersWith("interval", FlatJson.PARAMETER));
        boolean flat = FlatJson.requested(params);
        String name = params.get("interval").orElse("month").toLowerCase(Locale.ROOT);
        if (!Interval.names().contains(name)) {
            throw new BadParameterException("interval", "'interval' must be one of " + Interval.names());
        }
        Interval interval = Interval.valueOf(name.toUpperCase(Locale.ROOT));
        IncidentFilter filter = filter(params);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answers.get("timeline",
                "interval=" + interval + "&flat=" + flat + "&" + AnswerCache.key(filter),
                () -> timeline(filter, interval, flat), ProvinceController::size));
    }

    /** The timeline's answer; its open ends are the matching incidents' extent, a window too long is a 400. */
    private byte[] timeline(IncidentFilter filter, Interval interval, boolean flat) {
        String name = interval.unit();
        LocalDate[] extent = filter.from() != null && filter.to() != null ? new LocalDate[2] : provinces.extent(filter);
        LocalDate from = filter.from() != null ? filter.from() : extent[0];
        LocalDate to = filter.to() != null ? filter.to() : extent[1];
        if (from == null || to == null || from.isAfter(to)) { // no incidents to bound an open window
            from = to = LocalDate.now();
        }
        long periods = interval.periods(from, to);
        if (periods > MAX_PERIODS) {
            throw new BadParameterException("interval", "From " + from + " to " + to + " is " + periods + " periods of a "
                    + name + "; at most " + MAX_PERIODS + ": use a longer interval or a shorter window");
        }
        return provinces.timeline(filter, interval, from, to, flat);
    }

    @GetMapping("/api/provinces/spread")
    ResponseEntity<byte[]> spread(@RequestParam MultiValueMap<String, String> query) {
        QueryParams params = QueryParams.of(query, IncidentFilter.parametersWith(FlatJson.PARAMETER));
        boolean flat = FlatJson.requested(params);
        IncidentFilter filter = filter(params);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answers.get("spread",
                "flat=" + flat + "&" + AnswerCache.key(filter), () -> provinces.spread(filter, flat),
                ProvinceController::size));
    }

    /** An answer's size for {@link AnswerCache}: its bytes. */
    private static long size(byte[] answer) {
        return answer.length;
    }

    private IncidentFilter filter(QueryParams params) {
        return IncidentFilter.parse(params, categories.keys(), incidents::isProvinceCode);
    }

    private static double simplify(String text) {
        try {
            double tolerance = Double.parseDouble(text);
            if (tolerance >= 0 && tolerance <= 0.5) {
                return tolerance;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameterException("simplify", "'simplify' must be a tolerance in degrees from 0 to 0.5");
    }
}
