package org.incidentmapper.mapcluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Browser;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The map with more incidents than it draws one by one: clusters whose counts add up to the legend's, points once
 * the view holds few enough.
 */
@WriteIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterMapBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;
    @Autowired
    SyntheticIncidents synthetic;

    @BeforeAll
    void data() {
        synthetic.generate(6000, n -> { });
        browser.login("http://127.0.0.1:" + port, "analyst");
    }

    @AfterAll
    void removeData() {
        synthetic.remove();
    }

    @Test
    void clustersAtCountryZoomPointsInACity() {
        browser.open("http://127.0.0.1:" + port + "/#7/12.300/104.500");
        assertThat(browser.all(".incident-cluster")).isNotEmpty();
        assertThat(browser.all("path.incident")).isEmpty();
        long clustered = ((Number) browser.script("""
                return [...document.querySelectorAll('.incident-cluster-count')]
                    .reduce((sum, e) => sum + Number(e.textContent.replace('k', '000')), 0);""")).longValue();
        long legend = ((Number) browser.script("""
                return [...document.querySelectorAll('.legend-count')]
                    .reduce((sum, e) => sum + (Number(e.textContent) || 0), 0);""")).longValue();
        // the clusters drawn cover the padded view; the legend counts that same view
        assertThat(clustered).isPositive().isEqualTo(legend);

        // one month in a small part of Phnom Penh: few enough to draw one by one
        browser.open("http://127.0.0.1:" + port + "/?from=2022-03-01&to=2022-03-31#15/11.5624/104.9160");
        assertThat(browser.all(".incident-cluster")).isEmpty();
        assertThat(browser.all("path.incident")).isNotEmpty();
    }
}
