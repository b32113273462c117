package org.incidentmapper.incident;

import org.incidentmapper.category.CategoryRepository;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

/** {@code GET /api/schema}: the JSON Schema of an incident Feature ({@link IncidentSchema}). */
@RestController
class SchemaController {

    private static final MediaType SCHEMA_JSON = MediaType.APPLICATION_JSON;

    private final CategoryRepository categories;

    SchemaController(CategoryRepository categories) {
        this.categories = categories;
    }

    @GetMapping("/api/schema")
    ResponseEntity<ObjectNode> schema() {
        return ResponseEntity.ok().contentType(SCHEMA_JSON).cacheControl(CacheControl.noCache())
                .body(IncidentSchema.of(categories.labels()));
    }
}
