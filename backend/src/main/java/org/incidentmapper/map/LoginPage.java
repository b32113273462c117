package org.incidentmapper.map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET /login}: the map's own sign-in page (login.html), which Spring Security's form login points at. */
@Controller
class LoginPage {

    @GetMapping("/login")
    String login() {
        return "forward:/login.html";
    }
}
