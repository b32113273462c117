package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The choropleth, the province popup and the play control in headless Chromium over the fixtures: the border town
 * (KH-1, 2019–2024), the closed compound (KH-18, 2020), the open compound (KH-8, since March 2021), the hospital
 * admission (KH-12, February 2022), the raid (computed KH-3, 20 February 2022) and the rescue (KH-1, June 2023).
 */
@MapperIntegrationTest
class ProvinceMapBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void choroplethFollowsTheTimeWindow() throws Exception {
        browser.open(url("/?from=2020-01-01&to=2020-12-31"));
        assertThat(browser.all("path.province")).hasSize(329);
        assertThat(count("KH-1")).isEqualTo("1");
        assertThat(count("KH-18")).isEqualTo("1");
        assertThat(count("KH-8")).isEqualTo("0");
        assertThat(province("KH-8").getDomAttribute("data-class")).isEqualTo("0");
        assertThat(province("KH-18").getDomAttribute("data-class")).isNotEqualTo("0");
        String fill2020 = province("KH-18").getDomAttribute("fill");

        browser.one("button[data-range='2023']").click();
        browser.awaitReady();
        assertThat(count("KH-18")).isEqualTo("0");
        assertThat(count("KH-8")).isEqualTo("1");
        assertThat(count("KH-1")).isEqualTo("2");
        assertThat(province("KH-18").getDomAttribute("fill")).isNotEqualTo(fill2020);
        // zero plus the classes of the counts 1 and 2
        assertThat(browser.all(".province-legend-row")).hasSize(3);
        assertThat(browser.one(".province-legend-row[data-class='0']").getText()).isEqualTo("0");
        // the incidents stay on top of the shading
        assertThat(browser.all("path.incident")).hasSize(3);

        // unticking every category empties the map
        for (WebElement box : browser.all("input[data-category]")) {
            if (box.isSelected()) {
                box.click();
                browser.awaitReady();
            }
        }
        assertThat(count("KH-1")).isEqualTo("0");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/provinces-none.png"), browser.screenshot());
    }

    @Test
    void clickingAProvinceShowsItsNumbersAndMonthlySeries() throws Exception {
        browser.open(url("/?from=2023-01-01&to=2023-12-31"));
        browser.script("""
                const path = arguments[0], box = path.getBoundingClientRect();
                path.dispatchEvent(new MouseEvent('click', {bubbles: true,
                    clientX: box.left + box.width / 2, clientY: box.top + box.height / 2}));""", province("KH-1"));
        browser.await(".province-popup");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/provinces-popup.png"), browser.screenshot());
        assertThat((String) browser.script("return document.querySelector('.province-popup').textContent")).contains("Banteay Meanchey").contains("KH-1 · Cambodia")
                .contains("2 incidents matching the filter").contains("Rescue or repatriation: 1")
                .contains("Border casino town: 1");
        browser.await(".province-popup svg.sparkline path.sparkline-line");
        assertThat(browser.all(".province-popup rect.sparkline-window")).hasSize(1);
    }

    @Test
    void playStepsTheWindowMonthByMonthAndScrubs() throws Exception {
        browser.open(url("/?from=2022-01-01&to=2022-01-31"));
        assertThat(count("KH-12")).isEqualTo("0");
        assertThat(browser.all("svg.timeline-chart path.timeline-affected")).hasSize(1);

        new org.openqa.selenium.support.ui.Select(browser.one("#play-speed")).selectByValue("1200");
        browser.one("#play").click();
        assertThat(browser.one("#play").getDomAttribute("aria-pressed")).isEqualTo("true");
        // February: the hospital admission (KH-12) and the raid (KH-3) light up
        await(() -> browser.currentUrl().contains("from=2022-02-01&to=2022-02-28") && "1".equals(count("KH-12"))
                && "1".equals(count("KH-3")));
        assertThat(browser.one("#play-label").getText()).isIn("Feb 2022", "Mar 2022");
        // March: they are over
        await(() -> browser.currentUrl().contains("from=2022-03-01&to=2022-03-31") && "0".equals(count("KH-12")));
        browser.one("#play").click();
        browser.awaitReady();
        String paused = browser.currentUrl();
        assertThat(browser.one("#play").getDomAttribute("aria-pressed")).isEqualTo("false");
        Thread.sleep(2500);
        assertThat(browser.currentUrl()).isEqualTo(paused);
        assertThat(browser.one("#from").getDomProperty("value")).isEqualTo(paused.contains("2022-03") ? "2022-03-01"
                : "2022-04-01");

        // scrubbing to June 2020 (month number 2020 * 12 + 5) shows the closed compound's year
        browser.script("const r = document.getElementById('play-month'); r.value = String(2020 * 12 + 5);"
                + "r.dispatchEvent(new Event('input'));");
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("from=2020-06-01&to=2020-06-30");
        assertThat(browser.one("#play-label").getText()).isEqualTo("Jun 2020");
        assertThat(count("KH-18")).isEqualTo("1");
        assertThat(count("KH-12")).isEqualTo("0");
        assertThat(Double.parseDouble(browser.one("rect.timeline-window").getDomAttribute("width"))).isPositive();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/provinces-play.png"), browser.screenshot());
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static WebElement province(String code) {
        return browser.one("path.province[data-code='" + code + "']");
    }

    static String count(String code) {
        return (String) browser.script("const p = document.querySelector(\"path.province[data-code='\" + arguments[0]"
                + " + \"']\"); return p ? p.dataset.count : null;", code);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out; page at " + browser.currentUrl() + ", state "
                        + browser.script("return document.body.dataset.state"));
            }
            Thread.sleep(40);
        }
    }
}
