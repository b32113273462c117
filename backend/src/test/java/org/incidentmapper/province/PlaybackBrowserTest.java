package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Playback over the fixtures (data from Jan 2019 to Dec 2024; provinces first reached: Banteay Meanchey KH-1 in Jan 2019,
 * Preah Sihanouk KH-18 in Jan 2020, Kandal KH-8 in Mar 2021, Phnom Penh KH-12 (1 Feb) and Kampong Cham KH-3 (20 Feb) in Feb 2022):
 * the choropleth's classes stay the same in every frame and the legend says so, the cumulative mode grows the window
 * from the first month, the step buttons and speed work, the first-reached list fills as it plays, and the chart's
 * axis spans the slider's range.
 */
@MapperIntegrationTest
class PlaybackBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void classesStayFixedAcrossFramesAndTheSpreadListFills() {
        browser.open(url("/?from=2020-01-01&to=2020-01-31"));
        assertThat(browser.one(".province-legend-fixed").getText()).contains("Classes fixed").contains("Jan 2019 – Dec 2024");
        String legend = legendText();
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 26; i++) { // Jan 2020 … Mar 2022: the counts change, the classes must not
            browser.one("#play-forward").click();
            browser.awaitReady();
            frames.add(browser.currentUrl());
            assertThat(legendText()).as("legend in frame " + browser.currentUrl()).isEqualTo(legend);
        }
        assertThat(browser.currentUrl()).contains("from=2022-03-01&to=2022-03-31");
        assertThat(browser.one("#play-label").getText()).isEqualTo("Mar 2022");
        // every province reached by March 2022, in order, each with its first month
        assertThat(spread()).containsExactly("Banteay Meanchey Jan 2019", "Preah Sihanouk Jan 2020", "Kandal Mar 2021",
                "Phnom Penh Feb 2022", "Kampong Cham Feb 2022"); // 1 Feb before 20 Feb
        browser.one("#play-back").click();
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("from=2022-02-01&to=2022-02-28");

        // a window that is no frame gets classes fitted to it again
        browser.one("button[data-range='2023']").click();
        browser.awaitReady();
        assertThat(browser.one(".province-legend-fixed").getText()).isEmpty();
        assertThat(browser.all("#spread-list li")).hasSize(5);
    }

    @Test
    void cumulativeModeGrowsTheWindowAndPlaysAtTheChosenSpeed() {
        browser.open(url("/?from=2019-01-01&to=2019-01-31"));
        assertThat(spread()).containsExactly("Banteay Meanchey Jan 2019");
        browser.one("#play-mode-cumulative").click();
        browser.awaitReady();
        browser.one("#play-forward").click();
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("from=2019-01-01&to=2019-02-28");
        assertThat(browser.one("#play-label").getText()).isEqualTo("Jan 2019 – Feb 2019");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d ->
                browser.one(".province-legend-fixed").getText().contains("everything up to each month"));

        new Select(browser.one("#play-speed")).selectByValue("250");
        browser.one("#play").click();
        // frames pass faster than the test polls: wait until the window has grown past February 2020
        new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).until(d -> {
            java.util.regex.Matcher to = java.util.regex.Pattern.compile("to=(\\d{4}-\\d{2}-\\d{2})").matcher(browser.currentUrl());
            return browser.currentUrl().contains("from=2019-01-01") && to.find() && to.group(1).compareTo("2020-02-29") >= 0;
        });
        browser.one("#play").click();
        assertThat(browser.one("#play").getDomAttribute("aria-pressed")).isEqualTo("false");
        assertThat(spread()).startsWith("Banteay Meanchey Jan 2019", "Preah Sihanouk Jan 2020");
        browser.saveScreenshot("desktop-playback");
    }

    @Test
    void theChartSpansTheSlidersRange() {
        browser.open(url("/"));
        List<String> labels = browser.all("svg.timeline-chart text.timeline-label").stream()
                .map(WebElement::getText).toList();
        assertThat(labels).contains(browser.one(".month-slider-min").getText(), browser.one(".month-slider-max").getText());
        assertThat(labels).contains("Jan 2019", "Dec 2024");
    }

    private List<String> spread() {
        return browser.all("#spread-list li").stream().map(li -> li.getText().replace(" (Cambodia)", "")).toList();
    }

    private String legendText() {
        return browser.all(".province-legend-row").stream().map(WebElement::getText).toList().toString();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
