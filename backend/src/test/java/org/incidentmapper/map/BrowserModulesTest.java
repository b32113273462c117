package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Unit tests of the pure browser modules (dates, choropleth classes, filter state, map hash, geometry), written in
 * JavaScript beside this class's resources ({@code static/browser-unit/tests.js}) and run in headless Chromium, the
 * browser the map runs in; this reads their results.
 */
@MapperIntegrationTest
class BrowserModulesTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void thePureModulesPassTheirUnitTests() {
        browser.login("http://127.0.0.1:" + port, "analyst");
        browser.navigate("http://127.0.0.1:" + port + "/browser-unit/index.html");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> "done".equals(browser.script("return document.body.dataset.state")));
        String failures = String.join("\n", browser.all("#results li[data-ok='false']").stream()
                .map(WebElement::getText).toList());
        assertThat(failures).isEmpty();
        assertThat(Integer.parseInt((String) browser.script("return document.body.dataset.passed"))).isGreaterThan(40);
    }
}
