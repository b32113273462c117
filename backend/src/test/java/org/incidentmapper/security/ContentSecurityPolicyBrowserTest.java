package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.incidentmapper.Api;
import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The map under its Content-Security-Policy (no inline scripts but the hashed import map) in headless Chromium, as a
 * viewer: the page loads and works with no CSP violation (a listener installed before any page script records
 * them; a deliberate inline script shows the listener sees violations), and the legend says "withheld" for the
 * sensitive category, whose incidents the API does not list to viewers, instead of counting dots.
 */
@MapperIntegrationTest
class ContentSecurityPolicyBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void theMapLoadsWithoutViolationsAndTheLegendShowsWhatTheApiWithheld() {
        browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.cspViolations = [];
                document.addEventListener('securitypolicyviolation',
                    (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""));
        browser.login("http://127.0.0.1:" + port, "viewer");
        browser.open("http://127.0.0.1:" + port + "/");
        assertThat(browser.all("path.incident")).as("the page's modules ran").isNotEmpty();
        assertThat((List<?>) browser.script("return window.cspViolations")).isEmpty();

        var withheld = browser.one(".legend-row[data-category='hospital_admission'] .legend-count");
        assertThat(withheld.getText()).isEqualTo("withheld");
        assertThat(withheld.getAttribute("title")).contains("at least 11");
        assertThat(browser.one(".legend-row[data-category='raid'] .legend-count").getText()).matches("\\d+");

        // control: an inline script is refused and the refusal is seen
        browser.script("const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                + " document.head.append(s);");
        assertThat(browser.script("return window.ran")).isNull();
        assertThat((List<?>) browser.script("return window.cspViolations")).isNotEmpty();
    }

    @Test
    void headersAreSetOnPagesAndApi() {
        for (String path : List.of("/login", "/api/categories")) {
            Api.Response r = new Api(port, "viewer").get(path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self' 'sha256-")
                    .contains("frame-ancestors 'none'").contains("img-src 'self' data: blob: http://127.0.0.1:9");
            assertThat(csp.replaceAll("style-src [^;]*;", "")).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
        }
    }
}
