package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A viewer sees no number the API withheld, and is told when counts are withheld: the lone hospital admission
 * (Phnom Penh, a sensitive category below the publication threshold) is neither drawn nor counted, the status line
 * and the table count what is drawn, and Phnom Penh's popup says which category was withheld instead of counting it.
 */
@MapperIntegrationTest
class ViewerNumbersBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void countsAgreeWithWhatTheApiShowsAViewer() {
        String base = "http://127.0.0.1:" + port;
        browser.login(base, "viewer");
        browser.open(base + "/");
        int drawn = browser.all("path.incident").size();
        assertThat(browser.all("path.incident-hospital_admission")).isEmpty();
        assertThat(browser.one("#status").getText()).isEqualTo(drawn + " incidents match the filter");
        assertThat(browser.all("#results tr[data-id]")).hasSize(drawn);
        assertThat(browser.one("path.province[data-code='KH-12']").getDomAttribute("data-count")).isEqualTo("0");

        browser.one("#province-filter option[value='KH-12']").click();
        browser.awaitReady();
        browser.script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                browser.one("path.province[data-code='KH-12']"));
        browser.await(".province-popup");
        // the popup fills in as its counts arrive, and getText() leaves out lines scrolled out of its box: wait for
        // the rendered text (innerText) to hold every line, then assert on what was last read
        String[] popup = {""};
        try {
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> {
                popup[0] = String.valueOf(browser.script(
                        "const p = document.querySelector('.province-popup'); return p ? p.innerText : ''"));
                return popup[0].contains("0 incidents matching the filter") && popup[0].contains("withheld")
                        && popup[0].contains("Hospital admission");
            });
        } catch (TimeoutException e) {
            // the assertion below says what the popup held instead
        }
        assertThat(popup[0]).contains("0 incidents matching the filter").contains("withheld")
                .contains("Hospital admission");
    }
}
