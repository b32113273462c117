package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The map for keyboard and screen-reader users: axe-core (WCAG 2.x A and AA rules) finds no serious or critical
 * violation on the desktop and the phone layout, with a popup open and with the drawer open; a skip link leads to the
 * filters; markers are not Tab stops (the results table is their keyboard list), so the export links are a few Tab
 * presses away; Escape closes a popup; provinces are reachable through buttons.
 */
@MapperIntegrationTest
class AccessibilityBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;


    @Test
    void axeFindsNothingSeriousOnTheDesktop() {
        browser.viewport(1440, 900);
        browser.open(base() + "/");
        assertNoSeriousViolations("desktop map");
        browser.one("#results tr[data-id] .results-open").click();
        browser.await(".incident-popup");
        assertNoSeriousViolations("desktop map with a popup");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> browser.all(".leaflet-popup").isEmpty());
    }

    @Test
    void axeFindsNothingSeriousOnAPhone() {
        browser.viewport(390, 844);
        browser.open(base() + "/");
        assertNoSeriousViolations("phone map");
        browser.one("#drawer-open").click();
        browser.await("#q");
        assertNoSeriousViolations("phone drawer");
        browser.one("#drawer-close").click();
        browser.one("#list-open").click();
        browser.await("#results-download");
        assertNoSeriousViolations("phone list");
    }

    @Test
    void theKeyboardReachesFiltersExportAndProvincesWithoutVisitingEveryMarker() {
        browser.viewport(1440, 900);
        browser.open(base() + "/");
        assertThat(browser.all("path.incident")).hasSize(6);
        // the first Tab stop is the skip link, and it leads to the search box
        browser.script("document.activeElement.blur()");
        browser.one("body").sendKeys(Keys.TAB);
        assertThat(browser.script("return document.activeElement.className")).isEqualTo("skip-link");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("q");

        // no marker and no province shape is a Tab stop
        Object tabbableShapes = browser.script("return [...document.querySelectorAll('#map path, #map .leaflet-marker-icon')]"
                + ".filter(e => e.tabIndex >= 0).length");
        assertThat(tabbableShapes).isEqualTo(0L);

        // the province list opens a province's popup, and Escape closes it
        browser.one("#spread-list button[data-code='KH-12']").click();
        assertThat(browser.await(".province-popup").getText()).contains("Phnom Penh");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> browser.all(".leaflet-popup").isEmpty());
    }

    private void assertNoSeriousViolations(String where) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze(browser.driver());
        List<Rule> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())).toList();
        String report = serious.stream().map(rule -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp()
                + " at " + rule.getNodes().stream().limit(4).map(node -> node.getTarget() + " " + node.getFailureSummary())
                .collect(Collectors.joining("; "))).collect(Collectors.joining("\n"));
        assertThat(serious).as(where + ":\n" + report).isEmpty();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
