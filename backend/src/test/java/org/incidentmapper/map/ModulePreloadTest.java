package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The map page names every module of its import graph in a {@code <link rel="modulepreload">}, so the browser
 * fetches them all at once instead of discovering one import level after another (issue 11 (e): the first draw
 * waited ~0.5 s for four levels of imports). The graph is read from the packaged modules: a module added, renamed
 * or no longer imported without the list following fails here; a preload of something nothing imports too.
 */
class ModulePreloadTest {

    private static final String ROOT = "/META-INF/resources/";
    private static final Pattern IMPORT = Pattern.compile("^import\\s[^;]*?from\\s+'([^']+)'", Pattern.MULTILINE);
    private static final Pattern IMPORT_MAP = Pattern.compile("\"(\\w+)\":\\s*\"([^\"]+)\"");
    private static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">");
    private static final Pattern ENTRY = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"></script>");

    @Test
    void thePagePreloadsExactlyTheModulesItsEntryImports() {
        String page = resource("index.html");
        Matcher entry = ENTRY.matcher(page);
        assertThat(entry.find()).as("the page's module script").isTrue();
        assertThat(imports(page, entry.group(1))).containsExactlyInAnyOrderElementsOf(all(PRELOAD.matcher(page)));
    }

    @Test
    void theGraphIsReadFromTheModules() {
        Set<String> graph = imports(resource("index.html"), "js/main.js");
        assertThat(graph).contains("/webjars/leaflet/1.9.4/dist/leaflet-src.esm.js", "js/incident-loader.js",
                "js/dom.js", "js/sparkline.js") // sparkline.js: four imports deep (province-view, -layer, -popup)
                .doesNotContain("js/main.js", "js/login.js", "js/duplicates.js");
    }

    /** Every module {@code entry} imports, directly or not, as the page names them (js/…, or the import map's URL). */
    private static Set<String> imports(String page, String entry) {
        Matcher mapped = IMPORT_MAP.matcher(page);
        Map<String, String> importMap = new HashMap<>();
        while (mapped.find()) {
            importMap.put(mapped.group(1), mapped.group(2));
        }
        Set<String> found = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(Set.of(entry));
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (!module.startsWith("js/")) {
                continue; // a bare specifier's module (Leaflet) imports nothing of the page's
            }
            Matcher m = IMPORT.matcher(resource(module));
            while (m.find()) {
                String target = m.group(1);
                String name = target.startsWith("./") ? "js/" + target.substring(2) : importMap.get(target);
                assertThat(name).as("%s imports %s", module, target).isNotNull();
                if (found.add(name)) {
                    todo.push(name);
                }
            }
        }
        return found;
    }

    private static Set<String> all(Matcher m) {
        Set<String> values = new LinkedHashSet<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static String resource(String path) {
        try (InputStream in = ModulePreloadTest.class.getResourceAsStream(ROOT + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
