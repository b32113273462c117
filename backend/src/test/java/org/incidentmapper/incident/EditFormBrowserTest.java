package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The add/edit form as an analyst meets it: it opens in view (on a phone, in the drawer), its source boxes keep a
 * usable width, a map click places the pin only in "pick on map" mode and opens no province popup meanwhile, no
 * placeholder looks like a value, errors name fields by their labels, and place candidates name provinces.
 * Nothing is saved here.
 */
@MapperIntegrationTest
class EditFormBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;


    @Test
    void theFormIsUsableAndAMapClickDoesNotMoveThePinByAccident() {
        browser.viewport(1440, 900);
        browser.open(base() + "/");
        browser.one("#add-incident").click();
        WebElement form = browser.await(".incident-form");
        assertThat(inViewport(form)).isTrue();
        for (WebElement input : browser.all(".source-item input")) {
            assertThat(input.getRect().getWidth()).as("source box width").isGreaterThan(150);
        }
        // placeholders that look like values are gone; hints are in the labels
        assertThat(browser.all(".incident-form [data-field][placeholder], #place-input[placeholder]")).isEmpty();

        // a click on the map neither places the pin nor opens a province's popup
        clickMap();
        assertThat(browser.all(".leaflet-marker-icon")).isEmpty();
        assertThat(browser.all(".province-popup")).isEmpty();
        browser.one("#pick-on-map").click();
        assertThat(browser.one("#pick-on-map").getDomAttribute("aria-pressed")).isEqualTo("true");
        clickMap();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> browser.all(".leaflet-marker-icon").size() == 1);
        assertThat(browser.one("#pick-on-map").getDomAttribute("aria-pressed")).isEqualTo("false");

        // place candidates name the province and the country
        browser.one("#place-input").sendKeys("Poipet");
        String detail = browser.await(".place-candidate").getText();
        assertThat(detail).contains("Banteay Meanchey").contains("Cambodia").doesNotContain("KH-1").doesNotContain("KHM");

        // errors name the fields as the form labels them
        browser.one(".form-save").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> browser.all(".field-error").stream()
                .anyMatch(e -> !e.getText().isBlank()));
        List<String> errors = browser.all(".field-error").stream().map(WebElement::getText).filter(t -> !t.isBlank()).toList();
        assertThat(errors).isNotEmpty().noneMatch(t -> t.matches("(?s).*\\b[a-z]+[A-Z][a-zA-Z]*\\b.*"));
        browser.one(".form-cancel").click();
    }

    @Test
    void onAPhoneEditOpensTheFormInTheDrawer() {
        browser.viewport(390, 844);
        browser.open(base() + "/");
        browser.script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", browser.one("path.incident-raid"));
        browser.awaitStill(".incident-popup .popup-edit").click();
        WebElement form = browser.await(".incident-form");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> inViewport(form));
        assertThat(browser.script("return document.body.dataset.drawer")).isEqualTo("open");
        browser.saveScreenshot("phone-edit");
        browser.one(".form-cancel").click();
    }

    private void clickMap() {
        WebElement map = browser.one("#map");
        // a spot in the sea south-west of Cambodia, clear of markers and controls
        new Actions(browser.driver()).moveToElement(map, -map.getRect().getWidth() / 4, map.getRect().getHeight() / 4)
                .click().perform();
    }

    @SuppressWarnings("unchecked")
    private boolean inViewport(WebElement element) {
        Map<String, Number> r = (Map<String, Number>) browser.script(
                "return arguments[0].getBoundingClientRect().toJSON()", element);
        long height = (Long) browser.script("return window.innerHeight");
        return r.get("top").doubleValue() >= 0 && r.get("top").doubleValue() < height - 100;
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
