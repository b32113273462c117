package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Names in the region's scripts render as glyphs, not as empty boxes: Chromium reports (DevTools CSS domain) which
 * platform font drew each text node, so a Khmer title drawn by "Khmer OS" passes and the same title drawn as .notdef
 * boxes by a Latin font fails. Covers the results table, an incident popup (Leaflet sets its own font there) and one
 * line per script (Khmer, Thai, Lao, Burmese, Chinese) in the page's font stack, each drawn by one font that has it.
 */
@MapperIntegrationTest
class FontsBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void everyScriptOfTheRegionIsDrawnByAFontThatHasIt() {
        browser.viewport(1440, 900);
        browser.open("http://127.0.0.1:" + port + "/");
        // a fixture's title: "Rescue at ក្រុងព្រះសីហនុ 西港"
        String row = "#results tr[data-id] .results-open";
        browser.script("""
                const b = [...document.querySelectorAll(arguments[0])].find(b => b.textContent.includes('ក្រុង'));
                b.id = 'khmer-row'; b.click();""", row);
        browser.await(".leaflet-popup .incident-title");
        assertThat(families("#khmer-row")).anyMatch(f -> f.startsWith("Khmer OS")).anyMatch(f -> f.startsWith("WenQuanYi"));
        assertThat(families(".leaflet-popup .incident-title")).anyMatch(f -> f.startsWith("Khmer OS"));

        Map<String, String> samples = Map.of(
                "khmer", "ភ្នំពេញ", "thai", "แม่สอด", "lao", "ບໍ່ແກ້ວ", "burmese", "မြဝတီ", "chinese", "金三角");
        // DejaVu Sans (Debian's default) has Lao but none of the others
        Map<String, String> expected = Map.of(
                "khmer", "Khmer OS System", "thai", "Loma", "lao", "DejaVu Sans", "burmese", "Padauk", "chinese", "WenQuanYi Micro Hei");
        samples.forEach((script, text) -> browser.script("""
                const p = document.createElement('p');
                p.id = 'sample-' + arguments[0]; p.textContent = arguments[1];
                document.getElementById('results').append(p);""", script, text));
        Map<String, List<String>> drawnBy = new java.util.TreeMap<>();
        Map<String, List<String>> wanted = new java.util.TreeMap<>();
        samples.keySet().forEach(script -> {
            drawnBy.put(script, families("#sample-" + script));
            wanted.put(script, List.of(expected.get(script)));
        });
        assertThat(drawnBy).isEqualTo(wanted);
    }

    /** The platform fonts that drew the text of the first element matching {@code css}. */
    @SuppressWarnings("unchecked")
    private List<String> families(String css) {
        var driver = browser.driver();
        driver.executeCdpCommand("DOM.enable", Map.of());
        driver.executeCdpCommand("CSS.enable", Map.of());
        Map<String, Object> root = (Map<String, Object>) driver.executeCdpCommand("DOM.getDocument", Map.of("depth", 0)).get("root");
        Object nodeId = driver.executeCdpCommand("DOM.querySelector", Map.of("nodeId", root.get("nodeId"), "selector", css)).get("nodeId");
        List<Map<String, Object>> fonts = (List<Map<String, Object>>) driver
                .executeCdpCommand("CSS.getPlatformFontsForNode", Map.of("nodeId", nodeId)).get("fonts");
        return fonts.stream().filter(f -> ((Number) f.get("glyphCount")).intValue() > 0)
                .map(f -> (String) f.get("familyName")).toList();
    }
}
