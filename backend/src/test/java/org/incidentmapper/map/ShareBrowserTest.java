package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.incidentmapper.TestAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sharing a view: the branded sign-in page, a shared URL (filter, switches, map view) that survives the sign-in, the
 * copy-link button, and Back/Forward through earlier filters.
 */
@MapperIntegrationTest
class ShareBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void aSharedLinkSurvivesTheSignIn() {
        try (Browser browser = Browser.started()) {
            browser.navigate(base() + "/?from=2022-02-01&to=2022-02-28&shade=off&inview=1#9/10.7000/103.7000");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> browser.currentUrl().contains("/login"));
            assertThat(browser.driver().getTitle()).isEqualTo("Sign in · Incident mapper");
            assertThat(browser.one("h1").getText()).isEqualTo("Incident mapper");
            assertThat(browser.one(".login-purpose").getText()).contains("scam compounds");
            assertThat(browser.driver().getPageSource()).doesNotContain("Please sign in");
            browser.saveScreenshot("login");

            browser.one("#username").sendKeys("analyst");
            browser.one("#password").sendKeys("not the password");
            browser.one("button[type=submit]").click();
            assertThat(browser.await("#login-message").getText()).contains("wrong");

            browser.one("#username").clear();
            browser.one("#username").sendKeys("analyst");
            browser.one("#password").sendKeys(TestAccounts.PASSWORD);
            browser.one("button[type=submit]").click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> !browser.currentUrl().contains("/login"));
            browser.awaitReady();
            assertThat(browser.currentUrl()).contains("from=2022-02-01").contains("to=2022-02-28").contains("shade=off")
                    .contains("inview=1").endsWith("#9/10.7000/103.7000").doesNotContain("continue");
            assertThat(browser.one("#province-toggle").isSelected()).isFalse();
            assertThat(browser.one("#results-in-view").isSelected()).isTrue();
            assertThat(browser.one("#export-in-view").isSelected()).isTrue();
        }
    }

    @Test
    void copyLinkAndBackForwardThroughFilters() throws Exception {
        try (Browser browser = Browser.started()) {
            browser.login(base(), "analyst");
            browser.open(base() + "/");
            assertThat(browser.all("path.incident")).hasSize(6);

            browser.one("button[data-range='2023']").click();
            browser.awaitReady();
            Thread.sleep(1100); // changes within a second of each other share one history entry
            new Select(browser.one("#province-filter")).selectByVisibleText("Banteay Meanchey");
            browser.awaitReady();
            assertThat(browser.all("path.incident")).hasSize(2);

            // the copy button copies the whole URL
            browser.script("window.copied = null; navigator.clipboard.writeText = (text) => { window.copied = text;"
                    + " return Promise.resolve(); };");
            browser.one("#copy-link").click();
            assertThat(browser.await("#copy-status").getText()).isEqualTo("Link copied.");
            assertThat(browser.script("return window.copied")).isEqualTo(browser.currentUrl());

            browser.driver().navigate().back();
            awaitUrl(browser, url -> url.contains("from=2023-01-01") && !url.contains("province="));
            browser.awaitReady();
            assertThat(new Select(browser.one("#province-filter")).getFirstSelectedOption().getText())
                    .isEqualTo("All provinces");
            assertThat(browser.all("path.incident")).hasSize(3);

            browser.driver().navigate().back();
            awaitUrl(browser, url -> !url.contains("from="));
            browser.awaitReady();
            assertThat(browser.all("path.incident")).hasSize(6);
            assertThat(browser.one("button[data-range='all']").getDomAttribute("aria-pressed")).isEqualTo("true");

            browser.driver().navigate().forward();
            awaitUrl(browser, url -> url.contains("from=2023-01-01"));
            browser.awaitReady();
            assertThat(browser.all("path.incident")).hasSize(3);
        }
    }

    private static void awaitUrl(Browser browser, java.util.function.Predicate<String> condition) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> condition.test(browser.currentUrl()));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
