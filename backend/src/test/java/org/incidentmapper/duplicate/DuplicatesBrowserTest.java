package org.incidentmapper.duplicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.incidentmapper.Api;
import org.incidentmapper.Browser;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * The review screen on a phone (390×844): a pair side by side with its differences marked, axe-core clean, and
 * merge (B kept), undo and keep-apart done with the keyboard alone; the account menu links to it for analysts.
 */
@WriteIntegrationTest
class DuplicatesBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anAnalystMergesUndoesAndKeepsApartWithTheKeyboardOnAPhone() {
        DuplicateApiTest make = new DuplicateApiTest();
        make.port = port;
        make.api = new Api(port);
        long a = make.create("dup-browser-a", "raid", "Raid in Sihanoukville", "1938-03-05", DuplicateApiTest.SIHANOUKVILLE,
                DuplicateApiTest.sources(DuplicateApiTest.source("VOD", "https://vod.example/browser-a")));
        long b = make.create("dup-browser-b", "raid", "突袭西哈努克", "1938-03-06", DuplicateApiTest.NEAR_SIHANOUKVILLE,
                DuplicateApiTest.sources(DuplicateApiTest.source("柬中时报", "https://cc-times.example/browser-b")));

        browser.viewport(1280, 800);
        browser.open("http://127.0.0.1:" + port + "/");
        assertThat(browser.await("#duplicates-link").getAttribute("href")).endsWith("/duplicates.html");

        browser.viewport(390, 844);
        browser.open("http://127.0.0.1:" + port + "/duplicates.html?from=1938-01-01&to=1938-12-31");
        assertThat(browser.all(".dup-pair")).hasSize(1);
        String pair = browser.one(".dup-pair").getText();
        assertThat(pair).contains("Title (differs)").contains("Raid in Sihanoukville").contains("突袭西哈努克")
                .contains("both name the same place").doesNotContain("Category (differs)");
        assertNoSeriousViolations("phone, one pair");
        Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("page wider than the phone").isLessThanOrEqualTo(0);

        // keyboard: choose B as the survivor (arrow key in the radio group), Tab to Merge, Enter
        browser.one(".dup-pair input[value='a']").sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.one(".dup-pair input[value='b']").isSelected()).isTrue();
        browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Merge");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        awaitStatus("Merged incident " + Math.min(a, b) + " into " + Math.max(a, b));
        assertThat(browser.all(".dup-pair")).isEmpty();
        assertThat(count("SELECT count(*) FROM incident WHERE id = " + Math.min(a, b))).isZero();
        assertThat(count("SELECT count(*) FROM incident_source WHERE incident_id = " + Math.max(a, b))).isEqualTo(2);
        assertNoSeriousViolations("phone, after a merge");

        // undo from the recent merges, by keyboard
        browser.await(".dup-merge-item button:not([disabled])").sendKeys(Keys.ENTER);
        awaitStatus("undone: incident " + Math.min(a, b) + " is back");
        assertThat(count("SELECT count(*) FROM incident WHERE id = " + Math.min(a, b))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM incident_source WHERE incident_id = " + Math.max(a, b))).isEqualTo(1);

        // the pair is proposed again; keep it apart
        browser.one("#dup-find").sendKeys(Keys.ENTER);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> browser.all(".dup-pair").size() == 1);
        browser.all(".dup-pair button").stream().filter(e -> e.getText().equals("Keep apart")).findFirst()
                .orElseThrow().sendKeys(Keys.ENTER);
        awaitStatus("are kept apart");
        browser.one("#dup-find").sendKeys(Keys.ENTER);
        awaitStatus("No probable duplicates");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private void awaitStatus(String text) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(d -> browser.one("#dup-status").getText().contains(text));
    }

    private void assertNoSeriousViolations(String where) {
        List<Rule> serious = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze(browser.driver()).getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())).toList();
        assertThat(serious).as(where + ": " + serious.stream().map(r -> r.getId() + " " + r.getNodes().stream()
                .limit(3).map(n -> n.getTarget().toString()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "))).isEmpty();
    }
}
