package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.incidentmapper.Api;
import org.incidentmapper.Browser;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** The map page's add form (place typed and picked) and import panel, in headless Chromium. */
@WriteIntegrationTest
class EditingBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void addsAnIncidentByTypingAPlaceName() throws Exception {
        browser.open("http://127.0.0.1:" + port + "/");
        int raidsBefore = browser.all("path.incident-raid").size();

        browser.one("#add-incident").click();
        new Select(browser.one("#incident-category")).selectByValue("raid");
        browser.one("#incident-title").sendKeys("Raid typed in the browser");
        browser.one("#incident-startDate").sendKeys("2023-09-14");
        browser.one("#place-input").sendKeys("波贝");
        browser.await(".place-candidate").click();
        assertThat(browser.one("#incident-locationName").getDomProperty("value")).isEqualTo("波贝");
        assertThat(browser.one("#incident-province").getDomProperty("value")).isEqualTo("KH-1");
        browser.one(".source-item input[data-source-field='outlet']").sendKeys("Khmer Times");
        browser.one(".source-add").click();
        browser.all(".source-item").get(1).findElement(org.openqa.selenium.By.cssSelector("input[data-source-field='outlet']"))
                .sendKeys("VOD");
        browser.one(".form-save").click();

        browser.await(".form-status[data-state='saved']");
        browser.awaitReady();
        assertThat(browser.all("path.incident-raid")).hasSize(raidsBefore + 1);
        JsonNode saved = new Api(port).get("/api/incidents?q=typed%20in%20the%20browser").json().get("features").get(0);
        assertThat(saved.get("geometry").toString()).isEqualTo("{\"type\":\"Point\",\"coordinates\":[102.56365,13.65805]}");
        assertThat(saved.get("properties").get("sources").size()).isEqualTo(2);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/map-added.png"), browser.screenshot());
    }

    @Test
    void editsAnIncidentFromItsPopup() {
        browser.open("http://127.0.0.1:" + port + "/?from=2022-02-20&to=2022-02-20&category=raid");
        browser.one("path.incident-raid").click();
        browser.awaitStill(".incident-popup .popup-edit").click();
        var title = browser.await("#incident-title");
        assertThat(title.getDomProperty("value")).isEqualTo("=HYPERLINK(\"https://example.org/raid\",\"Raid on one day\")");
        title.clear();
        title.sendKeys("Raid on one day (edited)");
        browser.one(".form-save").click();
        browser.await(".form-status[data-state='saved']");
        browser.awaitReady();
        JsonNode edited = new Api(port).get("/api/incidents?q=edited").json().get("features").get(0);
        assertThat(edited.get("properties").get("version").asInt()).isEqualTo(2);
        assertThat(edited.get("properties").get("externalId").asString()).isEqualTo("f-raid-day");
    }

    /**
     * Issue 9 point 5: a sensitive incident with a computed province and month precision, opened from its popup and
     * saved without a change, keeps its version, sensitive flag and provinceSource; ticking the box off then saves
     * exactly that change.
     */
    @Test
    void savingAnUntouchedFormChangesNothingAndTheSensitiveBoxIsSaved() {
        Api api = new Api(port);
        Api.Response created = api.send("POST", "/api/incidents", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[103.531234,10.612345]},
                 "properties":{"externalId":"browser-sensitive","category":"raid","title":"Sensitive raid in the browser",
                   "startDate":"2019-06","locationPrecision":"approximate","country":"KHM","sensitive":true,
                   "sources":[{"outlet":"VOD","language":"en"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode before = api.get(created.location()).json();
        assertThat(before.get("properties").get("provinceSource").asString()).isEqualTo("computed");

        browser.open("http://127.0.0.1:" + port + "/?from=2019-06-01&to=2019-06-30&category=raid");
        browser.one("path.incident-raid").click();
        browser.awaitStill(".incident-popup .popup-edit").click();
        browser.await("#incident-title");
        assertThat(browser.one("#incident-sensitive").isSelected()).isTrue();
        assertThat(new Select(browser.one("#incident-datePrecision")).getFirstSelectedOption().getText())
                .isEqualTo("Month");
        browser.one(".form-save").click();
        browser.await(".form-status[data-state='saved']");
        browser.awaitReady();
        assertThat(api.get(created.location()).json()).isEqualTo(before);

        browser.one("path.incident-raid").click();
        browser.awaitStill(".incident-popup .popup-edit").click();
        browser.await("#incident-sensitive").click();
        browser.one(".form-save").click();
        browser.await(".form-status[data-state='saved']");
        JsonNode after = api.get(created.location()).json().get("properties");
        assertThat(after.get("sensitive").asBoolean()).isFalse();
        assertThat(after.get("version").asInt()).isEqualTo(2);
        assertThat(after.get("provinceSource").asString()).isEqualTo("computed");
        assertThat(after.get("datePrecision").asString()).isEqualTo("month");
    }

    @Test
    void importShowsItsReport(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("two-rows.csv");
        Files.writeString(csv, "external_id,category,title,start_date,place,source_outlet\n"
                + "browser-1,rescue,Rescue in Bavet,2023-07-01,巴域,VOD\n"
                + "browser-2,rescue,Rescue nowhere,2023-07-02,Atlantis,VOD\n", StandardCharsets.UTF_8);
        browser.open("http://127.0.0.1:" + port + "/");
        browser.one("#import-file").sendKeys(csv.toString());
        new Select(browser.one("#import-mode")).selectByValue("accept-valid");
        browser.one("#import-upload").click();

        var report = browser.await(".import-report[data-state='done']");
        assertThat(report.getText()).contains("1 created, 0 updated, 0 unchanged; 1 rejected")
                .contains("place").contains("'Atlantis' was not found");
        assertThat(browser.one("a.import-rejected").getAttribute("href")).matches(".*/api/imports/\\d+/rejected.csv");
        browser.awaitReady();
        Files.write(Path.of("target/map-import.png"), browser.screenshot());
    }
}
