package org.incidentmapper.site;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sites}, {@code PUT /api/sites/{id}}, {@code DELETE /api/sites/{id}} (analysts and admins). The
 * body is a GeoJSON Feature with the properties {@code GET /api/sites/{id}} returns; a PUT replaces the site, its
 * aliases and its states. PUT and DELETE name the version they started from ({@code If-Match: W/"3"}); when
 * someone saved in between the answer is 409 with the site as it is now. Every answer other than success writes
 * nothing (one transaction).
 */
@RestController
class SiteEditController {

    private final SiteWriter writer;
    private final SiteRepository sites;
    private final TransactionTemplate transaction;

    SiteEditController(SiteWriter writer, SiteRepository sites, TransactionTemplate transaction) {
        this.writer = writer;
        this.sites = sites;
        this.transaction = transaction;
    }

    @PostMapping("/api/sites")
    ResponseEntity<?> create(@RequestBody byte[] body) {
        return transaction.execute(status -> {
            List<InputReader.Problem> problems = new ArrayList<>();
            SiteRecord site = SiteInput.check(EditProblems.json(body, problems), problems);
            if (site == null) {
                return EditProblems.invalid("site", problems);
            }
            if (site.key() != null) {
                Optional<Long> other = writer.idOfKey(site.key(), null);
                if (other.isPresent()) {
                    return keyTaken(site.key(), other.get());
                }
            }
            long id = writer.create(site);
            SiteRepository.Versioned created = sites.find(id).orElseThrow();
            return ResponseEntity.created(URI.create("/api/sites/" + id)).eTag(created.etag())
                    .contentType(SiteController.GEO_JSON).body(created.feature());
        });
    }

    @PutMapping("/api/sites/{id}")
    ResponseEntity<?> replace(@PathVariable long id, @RequestBody byte[] body,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return transaction.execute(status -> {
            List<InputReader.Problem> problems = new ArrayList<>();
            SiteRecord site = SiteInput.check(EditProblems.json(body, problems), problems);
            if (site == null) {
                return EditProblems.invalid("site", problems);
            }
            ResponseEntity<?> refused = lockAt(id, EditProblems.version(ifMatch));
            if (refused != null) {
                return refused;
            }
            if (site.key() != null) {
                Optional<Long> other = writer.idOfKey(site.key(), id);
                if (other.isPresent()) {
                    return keyTaken(site.key(), other.get());
                }
            }
            writer.replace(id, site);
            SiteRepository.Versioned saved = sites.find(id).orElseThrow();
            return ResponseEntity.ok().eTag(saved.etag()).contentType(SiteController.GEO_JSON).body(saved.feature());
        });
    }

    @DeleteMapping("/api/sites/{id}")
    ResponseEntity<?> delete(@PathVariable long id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return transaction.execute(status -> {
            ResponseEntity<?> refused = lockAt(id, EditProblems.version(ifMatch));
            if (refused != null) {
                return refused;
            }
            writer.delete(id);
            return ResponseEntity.noContent().build();
        });
    }

    /** Locks site {@code id}; an answer when no version is named, none has the id, or it is at another version. */
    private ResponseEntity<?> lockAt(long id, Integer expected) {
        if (expected == null) {
            return EditProblems.versionRequired("/api/sites/{id}");
        }
        Optional<Integer> current = writer.lockVersion(id);
        if (current.isEmpty()) {
            return EditProblems.notFound("No site has id " + id);
        }
        if (current.get().intValue() != expected) {
            SiteRepository.Versioned now = sites.find(id).orElseThrow();
            return EditProblems.conflict("Site " + id + " was changed by someone else: you edited version " + expected
                    + ", it is now at version " + current.get() + ". Nothing was saved; 'current' is the site as it "
                    + "is now.", now.feature(), now.version());
        }
        return null;
    }

    private ResponseEntity<?> keyTaken(String key, long other) {
        SiteRepository.Versioned now = sites.find(other).orElseThrow();
        return EditProblems.conflict("key '" + key + "' belongs to site " + other, now.feature(), now.version());
    }
}
