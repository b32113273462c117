package org.incidentmapper.site;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.Bbox;
import org.incidentmapper.web.DateParam;
import org.incidentmapper.web.NotFoundException;
import org.incidentmapper.web.QueryParams;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/relocations?from&to&bbox&kind} (arcs as LineStrings, in a window when their date is in it) and
 * {@code GET /api/relocations/{id}}; analysts {@code POST}, {@code PUT} and {@code DELETE} them (If-Match versions,
 * problems naming the field at fault, nothing written on a refusal).
 */
@RestController
class RelocationController {

    private static final Set<String> PARAMETERS = Set.of("from", "to", "bbox", "kind");

    private final RelocationRepository relocations;
    private final TransactionTemplate transaction;

    RelocationController(RelocationRepository relocations, TransactionTemplate transaction) {
        this.relocations = relocations;
        this.transaction = transaction;
    }

    @GetMapping("/api/relocations")
    ResponseEntity<String> list(@RequestParam MultiValueMap<String, String> query) {
        QueryParams params = QueryParams.of(query, PARAMETERS);
        LocalDate from = params.get("from").map(v -> DateParam.lowerBound("from", v)).orElse(null);
        LocalDate to = params.get("to").map(v -> DateParam.upperBound("to", v)).orElse(null);
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadParameterException("from", "'from' (" + from + ") is after 'to' (" + to + ")");
        }
        Bbox bbox = params.get("bbox").map(v -> Bbox.parse("bbox", v)).orElse(null);
        List<String> kinds = new ArrayList<>();
        params.get("kind").ifPresent(text -> {
            for (String kind : text.split(",")) {
                kind = kind.strip();
                if (!RelocationRecord.KINDS.contains(kind)) {
                    throw new BadParameterException("kind", "'kind' must be " + RelocationRecord.KINDS
                            + ", separated by commas; got '" + QueryParams.abbreviate(kind) + "'");
                }
                kinds.add(kind);
            }
        });
        return ResponseEntity.ok().contentType(SiteController.GEO_JSON)
                .body(relocations.collection(from, to, bbox, kinds));
    }

    @GetMapping("/api/relocations/{id}")
    ResponseEntity<String> one(@PathVariable long id) {
        return relocations.find(id)
                .map(found -> ResponseEntity.ok().eTag(found.etag()).contentType(SiteController.GEO_JSON)
                        .body(found.feature()))
                .orElseThrow(() -> new NotFoundException("No relocation has id " + id));
    }

    @PostMapping("/api/relocations")
    ResponseEntity<?> create(@RequestBody byte[] body) {
        return transaction.execute(status -> {
            List<InputReader.Problem> problems = new ArrayList<>();
            RelocationRecord r = checked(body, problems);
            if (r == null) {
                return EditProblems.invalid("relocation", problems);
            }
            long id = relocations.create(r);
            SiteRepository.Versioned created = relocations.find(id).orElseThrow();
            return ResponseEntity.created(URI.create("/api/relocations/" + id)).eTag(created.etag())
                    .contentType(SiteController.GEO_JSON).body(created.feature());
        });
    }

    @PutMapping("/api/relocations/{id}")
    ResponseEntity<?> replace(@PathVariable long id, @RequestBody byte[] body,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return transaction.execute(status -> {
            List<InputReader.Problem> problems = new ArrayList<>();
            RelocationRecord r = checked(body, problems);
            if (r == null) {
                return EditProblems.invalid("relocation", problems);
            }
            ResponseEntity<?> refused = lockAt(id, EditProblems.version(ifMatch));
            if (refused != null) {
                return refused;
            }
            relocations.replace(id, r);
            SiteRepository.Versioned saved = relocations.find(id).orElseThrow();
            return ResponseEntity.ok().eTag(saved.etag()).contentType(SiteController.GEO_JSON).body(saved.feature());
        });
    }

    @DeleteMapping("/api/relocations/{id}")
    ResponseEntity<?> delete(@PathVariable long id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return transaction.execute(status -> {
            ResponseEntity<?> refused = lockAt(id, EditProblems.version(ifMatch));
            if (refused != null) {
                return refused;
            }
            relocations.delete(id);
            return ResponseEntity.noContent().build();
        });
    }

    /** The body as a record whose sites exist, or null with the problems. */
    private RelocationRecord checked(byte[] body, List<InputReader.Problem> problems) {
        RelocationRecord r = RelocationRecord.check(EditProblems.json(body, problems), problems);
        if (r == null) {
            return null;
        }
        List<Long> missing = relocations.missingSites(r.fromSiteId(), r.toSiteId());
        if (missing.contains(r.fromSiteId())) {
            problems.add(new InputReader.Problem("fromSiteId", "no site has id " + r.fromSiteId()));
        }
        if (missing.contains(r.toSiteId())) {
            problems.add(new InputReader.Problem("toSiteId", "no site has id " + r.toSiteId()));
        }
        return problems.isEmpty() ? r : null;
    }

    private ResponseEntity<?> lockAt(long id, Integer expected) {
        if (expected == null) {
            return EditProblems.versionRequired("/api/relocations/{id}");
        }
        Optional<Integer> current = relocations.lockVersion(id);
        if (current.isEmpty()) {
            return EditProblems.notFound("No relocation has id " + id);
        }
        if (current.get().intValue() != expected) {
            SiteRepository.Versioned now = relocations.find(id).orElseThrow();
            return EditProblems.conflict("Relocation " + id + " was changed by someone else: you edited version "
                    + expected + ", it is now at version " + current.get() + ". Nothing was saved.", now.feature(),
                    now.version());
        }
        return null;
    }
}
