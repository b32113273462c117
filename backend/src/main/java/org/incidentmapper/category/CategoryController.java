package org.incidentmapper.category;

import java.util.List;

import org.incidentmapper.answer.AnswerCache;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/categories}: every category with its label, colour, incident count and first/last date (an
 * analyst's list kept until the data changes, {@link AnswerCache}).
 */
@RestController
class CategoryController {

    private final CategoryRepository categories;
    private final AnswerCache answers;

    CategoryController(CategoryRepository categories, AnswerCache answers) {
        this.categories = categories;
        this.answers = answers;
    }

    @GetMapping("/api/categories")
    List<Category> list() {
        return answers.get("categories", "", categories::listWithCounts, list -> 256L * list.size());
    }
}
