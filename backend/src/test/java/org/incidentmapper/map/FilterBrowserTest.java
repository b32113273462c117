package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One filter for everything on the page, over the fixtures (all in Cambodia: the border town and the rescue in
 * Banteay Meanchey KH-1, the hospital admission in Phnom Penh KH-12, the compounds in KH-8 and KH-18, the raid
 * computed in KH-3): country and province pickers by name, "show only this province", and the markers, status line,
 * choropleth, month chart and export links all following the same filter, the search box included.
 */
@MapperIntegrationTest
class FilterBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;


    @Test
    void theProvincePickerListsNamesAndFiltersEverything() {
        browser.open(base() + "/");
        Select province = new Select(browser.one("#province-filter"));
        List<String> names = province.getOptions().stream().map(WebElement::getText).toList();
        assertThat(names).contains("Phnom Penh", "Banteay Meanchey", "All provinces").doesNotContain("KH-12");
        assertThat(new Select(browser.one("#country-filter")).getOptions().stream().map(WebElement::getText))
                .contains("All countries", "Cambodia", "Thailand");
        assertThat(browser.one("#timeline-caption").getText()).contains("(5)");

        province.selectByVisibleText("Phnom Penh");
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("province=KH-12");
        assertThat(browser.all("path.incident")).hasSize(1);
        assertThat(browser.all("path.incident-hospital_admission")).hasSize(1);
        assertThat(browser.one("#status").getText()).isEqualTo("1 incident matches the filter");
        assertThat(browser.one("path.province[data-code='KH-12']").getDomAttribute("data-count")).isEqualTo("1");
        assertThat(browser.one("path.province[data-code='KH-1']").getDomAttribute("data-count")).isEqualTo("0");
        assertThat(browser.one("#timeline-caption").getText()).contains("(1)");
        assertThat(exportHref("csv")).contains("province=KH-12");

        new Select(browser.one("#country-filter")).selectByVisibleText("Thailand");
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("country=THA").doesNotContain("province=");
        assertThat(browser.all("path.incident")).isEmpty();
        assertThat(browser.one("#status").getText()).isEqualTo("0 incidents match the filter");
    }

    @Test
    void showOnlyThisProvinceFromItsPopup() {
        browser.open(base() + "/");
        browser.script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                browser.one("path.province[data-code='KH-1']"));
        browser.await(".province-popup .province-only").click();
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("province=KH-1");
        assertThat(new Select(browser.one("#province-filter")).getFirstSelectedOption().getText())
                .isEqualTo("Banteay Meanchey");
        assertThat(browser.all("path.incident")).hasSize(2);
        assertThat(browser.one("#timeline-caption").getText()).contains("(1)");
    }

    @Test
    void theMonthChartFollowsTheSearchBox() {
        browser.open(base() + "/");
        assertThat(browser.one("#timeline-caption").getText()).contains("(5)");
        browser.one("#q").sendKeys("Rescue");
        browser.awaitReady();
        assertThat(browser.all("path.incident")).hasSize(1);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(10))
                .until(d -> browser.one("#timeline-caption").getText().contains("(1)"));
        assertThat(exportHref("geojson")).contains("q=Rescue");
    }

    private String exportHref(String format) {
        WebElement link = browser.one("a.export-link[data-format='" + format + "']");
        browser.script("arguments[0].dispatchEvent(new FocusEvent('focus'))", link);
        return link.getDomAttribute("href");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
