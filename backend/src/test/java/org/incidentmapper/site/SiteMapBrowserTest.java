package org.incidentmapper.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.incidentmapper.site.SiteBodies.create;
import static org.incidentmapper.site.SiteBodies.point;
import static org.incidentmapper.site.SiteBodies.site;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.incidentmapper.Api;
import org.incidentmapper.Browser;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * Sites and relocation arcs on the map, over sites this class makes: an origin compound (a precinct polygon; operating
 * 2021-01, raided 2022-02-20, closed 2022-03-01, sent in shuffled order) with two raids linked to it (2021-05-01 and
 * 2022-02-20, created latest first), a destination casino (reported 2022-03-15, aliases in Khmer and Chinese) and a
 * sensitive hospital at (104.9123, 11.5612), whose 0.25° cell centre is (104.875, 11.625); relocations origin →
 * casino (moved, 2022-03-10) and origin → hospital (moved, 2022-05-05). Each check names what it expects from these.
 */
@WriteIntegrationTest
class SiteMapBrowserTest {

    static final String PRECINCT = "{\"type\":\"Polygon\",\"coordinates\":[[[103.50,10.60],[103.52,10.60],[103.52,10.62],"
            + "[103.50,10.62],[103.50,10.60]]]}";

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    static long origin;
    static long casino;
    static long hospital;
    static long toCasino;
    static long toHospital;
    static long earlyRaid;
    static long lateRaid;

    @BeforeEach
    void makeSites() {
        if (origin != 0) {
            return;
        }
        // the write-test classes share one database: sites other classes left near these would overlap their
        // symbols at a phone's zoom (axe's target-size), so this class starts from no sites
        jdbc.sql("DELETE FROM site").update();
        Api analyst = new Api(port, "analyst");
        origin = create(analyst, site("SMAP Origin Compound", "compound", PRECINCT, false, """
                ,"operators":["SMAP Holdings"],"states":[
                  {"state":"closed","startDate":"2022-03-01"},
                  {"state":"operating","startDate":"2021-01","sources":[{"outlet":"SMAP Herald","reliability":"B","credibility":2}]},
                  {"state":"raided","startDate":"2022-02-20","note":"SMAP raid note"}]"""));
        casino = create(analyst, site("SMAP Destination Casino", "casino", point(102.95, 14.10), false, """
                ,"aliases":[{"name":"កាស៊ីណូស្មាប","language":"km"},{"name":"斯马普赌场","language":"zh"}],
                 "states":[{"state":"reported","startDate":"2022-03-15"}]"""));
        hospital = create(analyst, site("SMAP Hidden Hospital", "hospital", point(104.9123, 11.5612), true, """
                ,"states":[{"state":"operating","startDate":"2022-01"}]"""));
        toCasino = relocation(analyst, origin, casino, "2022-03-10");
        toHospital = relocation(analyst, origin, hospital, "2022-05-05");
        lateRaid = incident(analyst, "smap-late", "2022-02-20", "SMAP late raid", ",\"siteId\":" + origin);
        earlyRaid = incident(analyst, "smap-early", "2021-05-01", "SMAP early raid", ",\"siteId\":" + origin);
    }

    @Test
    void sitesAreDiamondsShowingTheirStateAtTheWindowsEnd() {
        browser.viewport(1280, 800);
        browser.open(url("/?from=2021-06-01&to=2021-06-30"));
        assertThat(state(origin)).isEqualTo("operating");
        assertThat(symbols(casino)).isEmpty(); // reported from 2022-03-15 on
        assertThat(browser.all("path.site-precinct")).isNotEmpty();

        browser.open(url("/?from=2022-02-01&to=2022-02-28"));
        assertThat(state(origin)).isEqualTo("raided");
        browser.open(url("/?from=2023-01-01&to=2023-12-31"));
        assertThat(symbols(origin)).as("closed on 2022-03-01: its lifecycle ends before 2023").isEmpty();
        assertThat(state(casino)).isEqualTo("reported");

        browser.one("#show-sites").click();
        assertThat(symbols(casino)).isEmpty();
        browser.one("#show-sites").click();
        assertThat(symbols(casino)).hasSize(1);
    }

    @Test
    void arcsFollowTheTimeFilterAndPlaybackInBothModes() {
        browser.viewport(1280, 800);
        browser.open(url("/?from=2022-03-01&to=2022-03-31"));
        assertThat(arrows(toCasino)).hasSize(1);
        assertThat(arrows(toHospital)).isEmpty();
        assertThat(browser.all("path.relocation-arc")).isNotEmpty();

        browser.one("#play-forward").click(); // April 2022, window mode: neither move
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("from=2022-04-01&to=2022-04-30");
        assertThat(arrows(toCasino)).isEmpty();
        assertThat(arrows(toHospital)).isEmpty();
        browser.one("#play-forward").click(); // May 2022: the move to the hospital only
        browser.awaitReady();
        assertThat(arrows(toCasino)).isEmpty();
        assertThat(arrows(toHospital)).hasSize(1);

        browser.one("#play-mode-cumulative").click(); // everything up to May 2022: both moves
        browser.awaitReady();
        assertThat(browser.currentUrl()).contains("to=2022-05-31").doesNotContain("from=2022-05-01");
        assertThat(arrows(toCasino)).hasSize(1);
        assertThat(arrows(toHospital)).hasSize(1);
        browser.one("#play-back").click(); // everything up to April: the hospital move (May) is gone
        browser.awaitReady();
        assertThat(arrows(toCasino)).hasSize(1);
        assertThat(arrows(toHospital)).isEmpty();

        // the arrowhead is a button: the keyboard opens the arc's popup naming both sites, the date and the source
        WebElement button = arrows(toCasino).get(0).findElement(org.openqa.selenium.By.cssSelector("button"));
        assertThat(button.getDomAttribute("aria-label")).contains("SMAP Origin Compound to SMAP Destination Casino")
                .contains("2022-03-10");
        browser.script("arguments[0].focus()", button);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        String popup = browser.await(".relocation-popup").getDomProperty("textContent");
        assertThat(popup).contains("SMAP Origin Compound", "SMAP Destination Casino", "2022-03-10", "SMAP Move Post");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);

        browser.one("#show-relocations").click();
        assertThat(browser.all(".relocation-arrow")).isEmpty();
        assertThat(browser.all("path.relocation-arc")).isEmpty();
        browser.one("#show-relocations").click();
        assertThat(arrows(toCasino)).hasSize(1);
    }

    @Test
    void theSitePageListsStatesAndIncidentsInTimeOrderAndLeadsToThem() {
        browser.viewport(1280, 800);
        browser.open(url("/?from=2021-01-01&to=2022-12-31"));
        openSitePage(origin);
        WebElement page = browser.one("#site-page");
        assertThat(page.getText()).contains("SMAP Origin Compound", "SMAP Holdings", "SMAP raid note", "SMAP Herald", "rated B2")
                .doesNotContain("null", "undefined"); // absent parts (no aliases, no description) leave no trace
        assertThat(texts("#site-page .site-state-name")).containsExactly("operating", "raided", "closed");
        assertThat(texts("#site-page .site-state-date")).containsExactly("2021-01-01", "2022-02-20", "2022-03-01");
        assertThat(browser.all("#site-page .site-incident").stream().map(b -> b.getDomAttribute("data-incident-id")).toList())
                .containsExactly(String.valueOf(earlyRaid), String.valueOf(lateRaid));

        // an incident of the page: the map flies to it and opens its popup, which links back to the site
        browser.one("#site-page .site-incident[data-incident-id='" + lateRaid + "']").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d ->
                !d.findElements(org.openqa.selenium.By.cssSelector(".leaflet-popup .incident-title")).isEmpty()
                        && d.findElement(org.openqa.selenium.By.cssSelector(".leaflet-popup .incident-title")).getText()
                        .equals("SMAP late raid"));
        browser.await(".leaflet-popup .popup-open-site").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> "ready".equals(page.getDomAttribute("data-state")));
        assertThat(browser.one("#site-page-title").getText()).isEqualTo("SMAP Origin Compound");

        // aliases in every script, with their languages
        browser.open(url("/?from=2022-01-01&to=2022-12-31"));
        openSitePage(casino);
        assertThat(texts("#site-page .site-aliases li")).containsExactly("កាស៊ីណូស្មាប (km)", "斯马普赌场 (zh)");
    }

    @Test
    void theIncidentFormLinksAnIncidentToASiteFoundByAnAliasInAnotherScript() {
        long unlinked = incident(new Api(port, "analyst"), "smap-form", "2021-07-01", "SMAP unlinked raid", "");
        browser.viewport(1280, 800);
        browser.open(url("/?from=2021-07-01&to=2021-07-31"));
        browser.one("#results tr[data-id='" + unlinked + "'] .results-open").click();
        browser.awaitStill(".leaflet-popup .popup-edit").click();
        assertThat(browser.await(".site-picked").getText()).isEqualTo("No site linked.");
        browser.one("#site-search").sendKeys("斯马普");
        browser.await(".site-candidate[data-site-id='" + casino + "']").click();
        assertThat(browser.one(".site-picked").getText()).contains("SMAP Destination Casino");
        browser.one(".form-save").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d ->
                "saved".equals(browser.one(".form-status").getDomAttribute("data-state")));
        Api.Response saved = new Api(port, "analyst").get("/api/incidents/" + unlinked);
        assertThat(saved.json().get("properties").get("siteId").asLong()).isEqualTo(casino);
    }

    @Test
    void aViewerSeesTheSensitiveSiteOnlyAtItsCellCentreAndTheArcEndingThere() {
        try (Browser viewer = Browser.started()) {
            viewer.login(url(""), "viewer");
            viewer.open(url("/?from=2022-05-01&to=2022-05-31"));
            WebElement symbol = viewer.one(".site-symbol[data-site-id='" + hospital + "']");
            assertThat(symbol.getDomAttribute("data-at")).isEqualTo("104.875,11.625");
            assertThat(symbol.findElement(org.openqa.selenium.By.cssSelector("button")).getDomAttribute("aria-label"))
                    .doesNotContain("SMAP Hidden");
            WebElement arrow = viewer.one(".relocation-arrow[data-relocation-id='" + toHospital + "']");
            assertThat(arrow.getDomAttribute("data-to")).isEqualTo("104.875,11.625");
            assertThat((String) viewer.script("return document.getElementById('map').innerHTML"))
                    .doesNotContain("SMAP Hidden", "104.9123", "11.5612");
        }
        // the analyst control: the same page shows the true point, so the check above can fail
        browser.open(url("/?from=2022-05-01&to=2022-05-31"));
        assertThat(browser.one(".site-symbol[data-site-id='" + hospital + "']").getDomAttribute("data-at")).isEqualTo("104.9123,11.5612");
        assertThat(browser.one(".relocation-arrow[data-relocation-id='" + toHospital + "']").getDomAttribute("data-to"))
                .isEqualTo("104.9123,11.5612");
    }

    @Test
    void onAPhoneTheSitePageOpensInTheDrawerAndAxeFindsNothingSerious() {
        browser.viewport(390, 844);
        browser.open(url("/?from=2022-03-01&to=2022-03-31"));
        assertNoSeriousViolations("phone map with sites and arcs");
        openSitePage(origin);
        assertThat(browser.script("return document.body.dataset.drawer")).isEqualTo("open");
        WebElement page = browser.one("#site-page");
        assertThat(page.isDisplayed()).isTrue();
        // inside the screen once the drawer has slid in (it animates)
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d ->
                page.getRect().getX() >= 0 && page.getRect().getX() + page.getRect().getWidth() <= 390);
        assertNoSeriousViolations("phone site page");
        browser.one(".site-page-close").click();
        browser.one("#drawer-close").click();
        browser.script("arguments[0].click()", arrows(toCasino).get(0).findElement(org.openqa.selenium.By.cssSelector("button")));
        browser.await(".relocation-popup");
        assertNoSeriousViolations("phone relocation popup");

        browser.viewport(1280, 800);
        browser.open(url("/?from=2022-01-01&to=2022-12-31#7/12.3/103.9"));
        assertNoSeriousViolations("desktop map with sites and arcs");
        openSitePage(origin);
        assertNoSeriousViolations("desktop site page");
        browser.saveScreenshot("desktop-sites"); // README: docs/sites.png
    }

    private void openSitePage(long id) {
        WebElement button = browser.one(".site-symbol[data-site-id='" + id + "'] button");
        browser.script("arguments[0].click()", button); // it may be under another symbol or off screen
        browser.await(".site-open-page").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d ->
                "ready".equals(browser.one("#site-page").getDomAttribute("data-state")));
    }

    private List<WebElement> symbols(long id) {
        return browser.all(".site-symbol[data-site-id='" + id + "']");
    }

    private String state(long id) {
        List<WebElement> found = symbols(id);
        assertThat(found).as("site " + id + " on the map").hasSize(1);
        return found.get(0).getDomAttribute("data-state");
    }

    private List<WebElement> arrows(long id) {
        return browser.all(".relocation-arrow[data-relocation-id='" + id + "']");
    }

    private List<String> texts(String css) {
        return browser.all(css).stream().map(WebElement::getText).toList();
    }

    private static long relocation(Api analyst, long from, long to, String date) {
        Api.Response r = analyst.send("POST", "/api/relocations", """
                {"fromSiteId":%d,"toSiteId":%d,"kind":"moved","date":"%s",
                 "sources":[{"outlet":"SMAP Move Post","url":"https://smap.example/move"}]}""".formatted(from, to, date));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static long incident(Api analyst, String externalId, String date, String title, String extra) {
        Api.Response r = analyst.send("POST", "/api/incidents", SiteApiTest.incident(externalId, date, extra)
                .replace("Raid at a test site", title));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private void assertNoSeriousViolations(String where) {
        // Leaflet fades popups in and out (0.2 s): axe would measure the contrast of half-transparent text. The fade
        // is turned off first (a popup closing just after the wait below would otherwise fade out while axe runs,
        // as it did on a loaded machine), then the wait covers a popup still fading in.
        browser.script("if (!document.getElementById('no-popup-fade')) { document.head.insertAdjacentHTML('beforeend', "
                + "'<style id=\"no-popup-fade\">.leaflet-popup { transition: none !important; }</style>'); }");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> Boolean.TRUE.equals(browser.script(
                "return [...document.querySelectorAll('.leaflet-popup')].every(p => getComputedStyle(p).opacity === '1')")));
        var results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze(browser.driver());
        List<Rule> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())).toList();
        String report = serious.stream().map(rule -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp()
                + " at " + rule.getNodes().stream().limit(4).map(node -> node.getTarget() + " " + node.getFailureSummary())
                .collect(Collectors.joining("; "))).collect(Collectors.joining("\n"));
        assertThat(serious).as(where + ":\n" + report).isEmpty();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
