package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The map's Export control in headless Chromium: each link carries exactly the page's filter, and the file it
 * downloads holds the incidents the map shows. Clicks are stopped before the browser navigates, and the test
 * reads the link the control prepared.
 */
@MapperIntegrationTest
class ExportControlBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void linksCarryTheCurrentFilterAndDownloadWhatTheMapShows() {
        browser.open("http://127.0.0.1:" + port + "/?from=2023-01-01&to=2023-12-31&q=r");
        String csv = prepared("csv");
        assertThat(csv).isEqualTo(base() + "?format=csv&from=2023-01-01&to=2023-12-31&q=r");
        for (String format : new String[] {"shapefile", "geopackage", "geojson", "kml"}) {
            assertThat(prepared(format)).isEqualTo(base() + "?format=" + format + "&from=2023-01-01&to=2023-12-31&q=r");
        }

        Download d = Download.get(port, csv.substring(csv.indexOf("/api/")));
        assertThat(d.status()).isEqualTo(200);
        int shown = browser.all("path.incident").size();
        assertThat(shown).isPositive();
        assertThat(d.text().lines().count() - 1).isEqualTo(shown)
                .isEqualTo(new Api(port).externalIds("from=2023-01-01&to=2023-12-31&q=r").size());

        // a category switched off in the legend is left out of the export too
        browser.one("input[data-category='rescue']").click();
        browser.awaitReady();
        assertThat(prepared("csv")).contains("&category=").doesNotContain("rescue");
    }

    @Test
    void theAreaInViewBecomesABboxAndNoCategoryDisablesTheLinks() {
        browser.open("http://127.0.0.1:" + port + "/?category=raid");
        browser.one("#export-in-view").click();
        assertThat(prepared("kml")).matches(java.util.regex.Pattern.quote(base() + "?format=kml&category=raid&bbox=")
                + "-?\\d+\\.\\d{6},-?\\d+\\.\\d{6},-?\\d+\\.\\d{6},-?\\d+\\.\\d{6}");

        browser.one("input[data-category='raid']").click();
        browser.awaitReady();
        browser.one("a.export-link[data-format='csv']").click();
        assertThat(browser.one("a.export-link[data-format='csv']").getAttribute("aria-disabled")).isEqualTo("true");
        assertThat(browser.one(".export-note").isDisplayed()).isTrue();
    }

    private String base() {
        return "http://127.0.0.1:" + port + "/api/export";
    }

    /** The href the control gives link {@code format} when it is clicked (the click itself goes nowhere). */
    private String prepared(String format) {
        browser.script("""
                document.addEventListener('click', (e) => e.preventDefault(), {capture: true, once: true});
                document.querySelector("a.export-link[data-format='" + arguments[0] + "']").click();""", format);
        return browser.one("a.export-link[data-format='" + format + "']").getAttribute("href");
    }
}
