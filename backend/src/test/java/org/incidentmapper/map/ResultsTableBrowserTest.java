package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The results table over the fixtures (6 incidents): it follows the filter, the shown categories and, when asked,
 * the map's view; it sorts; a row opens its incident's popup on the map, the popup leads back to the row, Escape
 * closes the popup and gives the focus back to the row; "Download this table" is the export of the same filter.
 */
@MapperIntegrationTest
class ResultsTableBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @BeforeEach
    void desktop() {
        browser.viewport(1440, 900);
    }

    @Test
    void theTableFollowsTheFilterAndSorts() {
        browser.open(base() + "/");
        assertThat(browser.all("#results tr[data-id]")).hasSize(6);
        // newest first by default
        assertThat(titles().get(0)).startsWith("Rescue at");
        browser.one("button[data-sort='category']").click();
        assertThat(titles().get(0)).isEqualTo("Border casino town");
        assertThat(browser.one("th[aria-sort='ascending'] button").getDomAttribute("data-sort")).isEqualTo("category");
        browser.one("button[data-sort='date']").click();
        assertThat(titles().get(0)).isEqualTo("Rescue at ក្រុងព្រះសីហនុ 西港");
        assertThat(browser.one("#results tr[data-id] td:last-child").getText()).isEqualTo("Banteay Meanchey");

        browser.one("input[data-category='rescue']").click();
        browser.awaitReady();
        assertThat(browser.all("#results tr[data-id]")).hasSize(5);
        browser.one("input[data-category='rescue']").click();
        browser.awaitReady();

        browser.one("button[data-range='2023']").click();
        browser.awaitReady();
        assertThat(browser.all("#results tr[data-id]")).hasSize(3);
        WebElement download = browser.one("#results-download");
        browser.script("arguments[0].dispatchEvent(new FocusEvent('focus'))", download);
        assertThat(download.getDomAttribute("href")).startsWith("/api/export?format=csv&")
                .contains("from=2023-01-01").contains("to=2023-12-31");
    }

    @Test
    void aRowOpensItsPopupAndThePopupLeadsBack() {
        browser.open(base() + "/");
        WebElement open = browser.all("#results tr[data-id] .results-open").stream()
                .filter(b -> b.getText().equals("Admission in February")).findFirst().orElseThrow();
        String id = open.findElement(org.openqa.selenium.By.xpath("ancestor::tr")).getDomAttribute("data-id");
        open.click();
        WebElement popup = browser.await(".incident-popup");
        assertThat((String) browser.script("return arguments[0].textContent", popup)).contains("Admission in February");
        browser.saveScreenshot("desktop-table");

        browser.one(".popup-show-row").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> browser.all(".leaflet-popup").isEmpty());
        assertThat(browser.one("#results tr.results-selected").getDomAttribute("data-id")).isEqualTo(id);
        assertThat(browser.script("return document.activeElement.closest('tr').dataset.id")).isEqualTo(id);

        // Escape closes a popup and the focus goes back to the row it was opened from
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.await(".incident-popup");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> browser.all(".leaflet-popup").isEmpty());
        assertThat(browser.script("return document.activeElement.closest('tr').dataset.id")).isEqualTo(id);
    }

    @Test
    void onlyTheAreaInViewFollowsTheMap() {
        browser.navigate("about:blank"); // a URL differing only in its hash would not load the page again
        browser.open(base() + "/#7/12.5/104.9");
        browser.one("#results-in-view").click();
        assertThat(browser.currentUrl()).contains("inview=1");
        assertThat(browser.one("#export-in-view").isSelected()).isTrue();
        int all = browser.all("#results tr[data-id]").size();
        // Phnom Penh up close: only the hospital admission is in view
        browser.script("location.hash = '#13/11.55/104.9'");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(d -> titles().equals(List.of("Admission in February")));
        assertThat(all).isGreaterThan(1);
    }

    /**
     * A popup opened from the table is whole inside the map once it has its details, its Edit button and its way back
     * to the list, on a tall and on short maps: those are laid out before Leaflet pans it into view, not added after.
     */
    @Test
    void aPopupOpenedFromTheTableIsNeverCutOffAtTheMapsTop() {
        List<String> failures = new java.util.ArrayList<>();
        for (int height : List.of(900, 720, 600)) {
            browser.viewport(1440, height);
            browser.navigate("about:blank");
            browser.open(base() + "/#7/12.5/104.9");
            int rows = browser.all("#results tr[data-id]").size();
            for (int i = 0; i < rows; i++) {
                WebElement open = browser.all("#results tr[data-id] .results-open").get(i);
                String title = open.getText();
                open.click();
                new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> !browser.all(
                        ".leaflet-popup .incident-popup .popup-edit").isEmpty() && !browser.all(".leaflet-popup .popup-show-row").isEmpty());
                @SuppressWarnings("unchecked")
                List<Number> gap = (List<Number>) new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> {
                    // settled: the popup has not moved for 300 ms
                    Object first = browser.script("return document.querySelector('.leaflet-popup').getBoundingClientRect().top");
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return browser.script("const p = document.querySelector('.leaflet-popup').getBoundingClientRect();"
                            + "const m = document.getElementById('map').getBoundingClientRect();"
                            + "return p.top === arguments[0] ? [p.top - m.top, m.bottom - p.bottom] : null;", first);
                });
                if (gap.get(0).doubleValue() < 0 || gap.get(1).doubleValue() < 0) {
                    failures.add(title + " at 1440×" + height + ": " + gap.get(0) + " px from the map's top, "
                            + gap.get(1) + " px from its bottom");
                }
                browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
                new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> browser.all(".leaflet-popup").isEmpty());
            }
        }
        browser.viewport(1440, 900);
        assertThat(failures).isEmpty();
    }

    /** The titles of the table's rows, read in one go (the table redraws when the map moves). */
    @SuppressWarnings("unchecked")
    private List<String> titles() {
        return (List<String>) browser.script(
                "return [...document.querySelectorAll('#results tr[data-id] .results-open')].map(b => b.textContent)");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
