package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The map page in headless Chromium over the fixtures (6 incidents; 3 of them touch 2023: the border town, the
 * open compound and the rescue). Tiles point at a closed port, as on a machine with no internet.
 */
@MapperIntegrationTest
class MapPageBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;


    @Test
    void markersAppearAndTheTimeFilterNarrowsThem() throws Exception {
        browser.open("http://127.0.0.1:" + port + "/");
        assertThat(browser.all("path.incident")).hasSize(6);
        assertThat(browser.one("#in-view-count").getText()).startsWith("6");

        browser.one("button[data-range='2023']").click();
        browser.awaitReady();
        assertThat(browser.all("path.incident")).hasSize(3);
        assertThat(browser.all("path.incident-rescue")).hasSize(1);
        assertThat(browser.all("path.incident-raid")).isEmpty();
        assertThat(browser.one("#in-view-count").getText()).startsWith("3");
        assertThat(browser.currentUrl()).contains("from=2023-01-01").contains("to=2023-12-31");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/map-2023.png"), browser.screenshot());
    }

    @Test
    void popupShowsTheSources() {
        browser.open("http://127.0.0.1:" + port + "/?from=2023-06-15&to=2023-06-15");
        browser.one("path.incident-rescue").click();
        var popup = browser.await(".incident-popup");
        // its text, also where the map has not yet panned the popup fully into view
        assertThat((String) browser.script("return arguments[0].textContent", popup)).contains("Rescue at ក្រុងព្រះសីហនុ 西港").contains("Test Daily")
                // enumerations are labelled from /api/schema (the field registry), not from a list of the page's own
                .contains("(precision: Exact)").contains("Verified");
        var link = popup.findElement(org.openqa.selenium.By.cssSelector("a.source-link"));
        assertThat(link.getAttribute("href")).isEqualTo("https://example.org/rescue");
    }

    @Test
    void aSharedUrlRestoresTheFilter() {
        browser.open("http://127.0.0.1:" + port + "/?from=2022-02-20&to=2022-02-20&category=raid,hospital_admission");
        assertThat(browser.one("#from").getDomProperty("value")).isEqualTo("2022-02-20");
        assertThat(browser.all("path.incident-raid")).hasSize(1);
        assertThat(browser.all("path.incident-hospital_admission")).hasSize(1);
        // categories not in the URL are hidden; their legend boxes are unticked
        assertThat(browser.one("input[data-category='compound']").isSelected()).isFalse();
        assertThat(browser.one("#in-view-count").getText()).startsWith("2");
    }

    @Test
    void aBadFilterInTheUrlShowsTheProblem() {
        browser.open("http://127.0.0.1:" + port + "/"); // signs in; navigate() below does not
        browser.navigate("http://127.0.0.1:" + port + "/?from=2022-02-30");
        browser.assertState("error");
        assertThat(browser.await("#message").getText()).contains("from");
    }
}
