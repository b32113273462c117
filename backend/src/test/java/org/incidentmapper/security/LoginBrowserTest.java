package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The map behind the login page, in headless Chromium: redirected, logged in, logged out. */
@MapperIntegrationTest
class LoginBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void aMapWhoseSessionEndedGoesBackToTheLogin() throws Exception {
        String base = "http://127.0.0.1:" + port;
        try (Browser browser = Browser.started()) {
            browser.login(base, "viewer");
            browser.open(base + "/");
            browser.deleteCookie("JSESSIONID"); // as after a timeout
            browser.one("button[data-range='2022']").click();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!browser.currentUrl().contains("/login") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            // the login page knows where to come back to: the map with its filter
            assertThat(browser.currentUrl()).contains("/login?next=%2F%3Ffrom%3D2022-01-01%26to%3D2022-12-31");
        }
    }

    @Test
    void theMapNeedsALoginAndLogOutEndsIt() throws Exception {
        String base = "http://127.0.0.1:" + port;
        try (Browser browser = Browser.started()) {
            browser.navigate(base + "/");
            assertThat(browser.currentUrl()).endsWith("/login");

            browser.login(base, "viewer");
            browser.open(base + "/");
            assertThat(browser.await("#account .account-name").getText()).isEqualTo("viewer (viewer)");
            // the fixtures' six incidents less the hospital admission, a sensitive category a viewer never gets
            assertThat(browser.all("path.incident")).hasSize(5);
            // a viewer is not offered what only analysts may do
            assertThat(browser.one("#add-incident").isDisplayed()).isFalse();
            assertThat(browser.one("#import").isDisplayed()).isFalse();

            browser.one("#logout").click();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!browser.currentUrl().contains("/login") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(browser.currentUrl()).contains("/login?logout");
            // the old session no longer opens the API
            Object status = browser.script("var x = new XMLHttpRequest(); x.open('GET', '/api/incidents', false);"
                    + " x.send(); return x.status;");
            assertThat(status).isEqualTo(401L);
        }
    }
}
