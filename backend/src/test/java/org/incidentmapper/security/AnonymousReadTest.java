package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** With {@code mapper.security.anonymous-read=true} visitors read what a viewer reads, and nothing more. */
@MapperIntegrationTest
@TestPropertySource(properties = "mapper.security.anonymous-read=true")
class AnonymousReadTest {

    @LocalServerPort
    int port;

    @Test
    void visitorsReadButDoNotWrite() {
        Api anonymous = Api.anonymous(port);
        assertThat(anonymous.get("/api/incidents").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/accounts").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/audit").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/imports/1").status()).isEqualTo(401);
        assertThat(anonymous.send("POST", "/api/incidents", "{}").status()).isEqualTo(403);
    }

    @Test
    void theMapOpensWithoutALogin() {
        try (Browser browser = Browser.started()) {
            browser.navigate("http://127.0.0.1:" + port + "/");
            browser.awaitReady();
            assertThat(browser.currentUrl()).doesNotContain("/login");
            // the fixtures' six incidents less the hospital admission, a sensitive category visitors never get
            assertThat(browser.all("path.incident")).hasSize(5);
            assertThat(browser.one("#add-incident").isDisplayed()).isFalse();
        }
    }
}
