package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The page at a phone's size (390×844) and a laptop's (1440×900): the map fills the phone's screen, the panel is a
 * drawer, the map's boxes never overlap one another, popups stay on screen, and the desktop's tasks (time window,
 * categories, export, popup) work on the phone. Screenshots go to target/screenshots/ for a person to look at.
 */
@MapperIntegrationTest
class LayoutBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;


    @Test
    void onAPhoneTheMapFillsTheScreenAndThePanelIsADrawer() {
        browser.viewport(390, 844);
        browser.open("http://127.0.0.1:" + port + "/");
        Map<String, Number> map = rect("#map");
        assertThat(map.get("width").intValue()).isEqualTo(390);
        assertThat(map.get("height").intValue()).isGreaterThan(760);
        assertThat(browser.one("#q").isDisplayed()).isFalse();
        assertNoMapBoxesOverlap();
        browser.saveScreenshot("phone-map");

        // the time window, from the drawer
        browser.one("#drawer-open").click();
        browser.await("#q");
        awaitTrue(() -> rect("#panel").get("left").intValue() == 0); // after its slide-in
        browser.saveScreenshot("phone-drawer");
        browser.one("button[data-range='2023']").click();
        browser.awaitReady();
        browser.one("#drawer-close").click();
        assertThat(browser.all("path.incident")).hasSize(3);

        // categories and export fold to their titles and open on a tap
        assertThat(browser.one("input[data-category='rescue']").isDisplayed()).isFalse();
        browser.one(".legend summary").click();
        browser.await("input[data-category='rescue']").click();
        browser.awaitReady();
        assertThat(browser.all("path.incident-rescue")).isEmpty();
        browser.one(".export-control summary").click();
        assertThat(browser.await("a.export-link[data-format='csv']").isDisplayed()).isTrue();
        assertNoMapBoxesOverlap();

        // a popup fits on the screen
        browser.one(".legend summary").click();
        browser.one(".export-control summary").click();
        browser.script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                browser.one("path.incident"));
        browser.await(".incident-popup");
        assertThat(rect(".leaflet-popup-content-wrapper").get("width").doubleValue()).isLessThanOrEqualTo(370);
        awaitTrue(() -> { // once the map has panned to show it
            Map<String, Number> popup = rect(".leaflet-popup-content-wrapper");
            return popup.get("left").doubleValue() >= 0 && popup.get("right").doubleValue() <= 390
                    && popup.get("top").doubleValue() >= 0;
        });
        browser.saveScreenshot("phone-popup");
    }

    @Test
    void onALaptopThePanelSitsBesideTheMap() {
        browser.viewport(1440, 900);
        browser.open("http://127.0.0.1:" + port + "/");
        assertThat(browser.one("#q").isDisplayed()).isTrue();
        assertThat(browser.one("#drawer-open").isDisplayed()).isFalse();
        assertThat(rect("#map").get("left").intValue()).isGreaterThanOrEqualTo(rect("#panel").get("right").intValue());
        assertThat(browser.one("input[data-category='rescue']").isDisplayed()).isTrue();
        assertNoMapBoxesOverlap();
        browser.saveScreenshot("desktop-map");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Number> rect(String css) {
        return (Map<String, Number>) browser.script("return arguments[0].getBoundingClientRect().toJSON()",
                browser.one(css));
    }

    /** No two visible Leaflet controls (zoom, legend, export, counts, province legend) share a pixel. */
    @SuppressWarnings("unchecked")
    private void assertNoMapBoxesOverlap() {
        List<Map<String, Object>> boxes = (List<Map<String, Object>>) browser.script("""
                return [...document.querySelectorAll('.leaflet-control')]
                  .filter(e => e.offsetParent !== null)
                  .map(e => ({name: e.className, r: e.getBoundingClientRect().toJSON()}));""");
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                Map<String, Number> a = (Map<String, Number>) boxes.get(i).get("r");
                Map<String, Number> b = (Map<String, Number>) boxes.get(j).get("r");
                boolean apart = a.get("right").doubleValue() <= b.get("left").doubleValue()
                        || b.get("right").doubleValue() <= a.get("left").doubleValue()
                        || a.get("bottom").doubleValue() <= b.get("top").doubleValue()
                        || b.get("bottom").doubleValue() <= a.get("top").doubleValue();
                assertThat(apart).as(boxes.get(i).get("name") + " overlaps " + boxes.get(j).get("name")
                        + ": " + a + " / " + b).isTrue();
            }
        }
    }
}
