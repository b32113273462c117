package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.incidentmapper.Api;
import org.incidentmapper.Browser;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * "How sure we are" on the map page: the switch hiding unconfirmed single-source reports and the minimum rating
 * filter the map and stay in the URL (a reload keeps them); the edit form's source rows rate a source with selects
 * labelled from /api/schema, each grade explained in plain words, and the popup shows the incident's rating.
 */
@WriteIntegrationTest
class RatingsBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void theToggleAndTheMinimumRatingFilterTheMapAndStayInTheUrl() {
        Api api = new Api(port);
        create(api, "raid", "rbtoggle single raid", "{\"outlet\":\"VOD\",\"reliability\":\"C\",\"credibility\":3}");
        create(api, "rescue", "rbtoggle rescue in two outlets", "{\"outlet\":\"VOD\"},{\"outlet\":\"Khmer Times\"}");

        browser.open(base() + "/?q=rbtoggle");
        assertThat(browser.all("path.incident")).hasSize(2);
        WebElement toggle = browser.one("#confirmed-only");
        assertThat(toggle.isSelected()).isFalse();
        toggle.click();
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("confirmed=true");
        assertThat(browser.all("path.incident")).hasSize(1);
        assertThat(browser.all("path.incident-rescue")).as("two outlets: confirmed (F1)").hasSize(1);
        assertThat(browser.one("#status").getText()).isEqualTo("1 incident matches the filter");

        browser.open(browser.currentUrl());
        assertThat(browser.one("#confirmed-only").isSelected()).as("kept by the URL").isTrue();
        assertThat(browser.all("path.incident")).hasSize(1);

        browser.one("#confirmed-only").click();
        browser.awaitReady();
        assertThat(browser.all("path.incident")).hasSize(2);
        Select reliability = new Select(browser.one("#min-reliability"));
        assertThat(reliability.getOptions().stream().map(WebElement::getText)).contains("Any source",
                "C – Fairly reliable", "F – Reliability cannot be judged");
        reliability.selectByVisibleText("C – Fairly reliable");
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("minRating=C6").doesNotContain("confirmed");
        assertThat(browser.all("path.incident")).hasSize(1);
        assertThat(browser.all("path.incident-raid")).as("C3 is C or better; F1 is not").hasSize(1);
        browser.script("arguments[0].scrollIntoView({block: 'center'})", browser.one("#rating-filter"));
        browser.saveScreenshot("ratings-filter");
        browser.open(browser.currentUrl());
        assertThat(new Select(browser.one("#min-reliability")).getFirstSelectedOption().getText())
                .isEqualTo("C – Fairly reliable");
        assertThat(browser.all("path.incident")).hasSize(1);
    }

    @Test
    void theFormRatesASourceAndThePopupShowsTheRating() {
        Api api = new Api(port);
        long id = create(api, "raid", "rbform raid", "{\"outlet\":\"VOD\"}");

        browser.open(base() + "/?q=rbform");
        browser.one("path.incident-raid").click();
        assertThat(browser.await(".incident-popup").getText()).contains("F6").contains("not confirmed");
        browser.awaitStill(".incident-popup .popup-edit").click();
        browser.await(".incident-form");
        WebElement row = browser.one(".source-item");
        Select reliability = new Select(row.findElement(By.cssSelector("select[data-source-field='reliability']")));
        Select credibility = new Select(row.findElement(By.cssSelector("select[data-source-field='credibility']")));
        assertThat(reliability.getFirstSelectedOption().getText()).isEqualTo("Source reliability: not rated");
        assertThat(credibility.getOptions().stream().map(WebElement::getText)).containsExactly(
                "Information credibility: not rated", "1 – Confirmed by other sources", "2 – Probably true",
                "3 – Possibly true", "4 – Doubtful", "5 – Improbable", "6 – Truth cannot be judged");
        reliability.selectByValue("B");
        credibility.selectByValue("2");
        assertThat(row.findElement(By.cssSelector("[data-meaning-of='reliability']")).getText())
                .isEqualTo("minor doubts; a history of mostly valid reports");
        assertThat(row.findElement(By.cssSelector("[data-meaning-of='credibility']")).getText())
                .startsWith("not confirmed, but logical");
        browser.script("arguments[0].scrollIntoView({block: 'center'})", row);
        browser.saveScreenshot("ratings-form");
        browser.one(".form-save").click();
        browser.await(".form-status[data-state='saved']");
        browser.awaitReady();

        JsonNode saved = api.get("/api/incidents/" + id).json().get("properties");
        assertThat(saved.get("sources").get(0).get("reliability").asString()).isEqualTo("B");
        assertThat(saved.get("sources").get(0).get("credibility").asInt()).isEqualTo(2);
        assertThat(saved.get("rating").asString()).isEqualTo("B2");
        assertThat(saved.get("version").asInt()).isEqualTo(2);

        browser.open(base() + "/?q=rbform");
        browser.one("path.incident-raid").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(d -> browser.await(".incident-popup").getText().contains("B2"));
        assertThat(browser.one(".incident-popup").getText()).contains("B2 — Usually reliable · Probably true")
                .contains("VOD · B2");
        browser.saveScreenshot("ratings-popup");
    }

    private static long create(Api api, String category, String title, String sources) {
        Api.Response r = api.send("POST", "/api/incidents", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[104.5,12.1]},
                 "properties":{"externalId":"%2$s","category":"%1$s","title":"%2$s","startDate":"2021-05-10","locationPrecision":"town",
                   "country":"KHM","sources":[%3$s]}}""".formatted(category, title, sources));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
