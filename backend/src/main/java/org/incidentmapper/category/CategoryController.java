package org.incidentmapper.category;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/categories}: every category with its label, colour, incident count and first/last date. */
@RestController
class CategoryController {

    private final CategoryRepository categories;

    CategoryController(CategoryRepository categories) {
        this.categories = categories;
    }

    @GetMapping("/api/categories")
    List<Category> list() {
        return categories.listWithCounts();
    }
}
