package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.incidentmapper.Browser;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 13: an incident dot stands out from every province shade by at least 3:1 (WCAG 2.x contrast ratio, the
 * non-text minimum). The colours are read from the running page: the categories' colours from the API, the dots'
 * outline as the browser computes it from the CSS, the fill classes and their opacity from choropleth-classes.js,
 * each fill composited over white and over the map's background. A dot passes against a fill when its colour or its
 * outline (its edge) reaches 3:1.
 */
@MapperIntegrationTest
class ChoroplethContrastBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void everyDotHasThreeToOneAgainstEveryFillClass() {
        browser.viewport(1440, 900);
        browser.open("http://127.0.0.1:" + port + "/");
        Map<String, Object> colours = (Map<String, Object>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/js/choropleth-classes.js'), fetch('/api/categories').then(r => r.json())])
                  .then(([m, categories]) => {
                    const dot = document.querySelector('.leaflet-incidentPoints-pane path.incident');
                    done({
                      categories: categories.map(c => c.colour),
                      outline: getComputedStyle(dot).stroke,
                      classes: m.CLASS_COLOURS.map((c, i) => [c, m.classOpacity(i)]),
                      mapBackground: getComputedStyle(document.documentElement).getPropertyValue('--map-bg').trim()
                    });
                  }, e => done({error: String(e)}));""");
        assertThat(colours).doesNotContainKey("error");
        double[] outline = rgb((String) colours.get("outline"));
        List<String> failures = new ArrayList<>();
        for (String background : List.of("#ffffff", (String) colours.get("mapBackground"))) {
            for (List<Object> fillClass : (List<List<Object>>) colours.get("classes")) {
                double[] fill = over(rgb((String) fillClass.get(0)), ((Number) fillClass.get(1)).doubleValue(), rgb(background));
                for (String category : (List<String>) colours.get("categories")) {
                    double best = Math.max(contrast(rgb(category), fill), contrast(outline, fill));
                    if (best < 3.0) {
                        failures.add(category + " (outline " + colours.get("outline") + ") on " + fillClass + " over "
                                + background + ": " + String.format("%.2f", best));
                    }
                }
            }
        }
        assertThat(((List<?>) colours.get("categories"))).hasSizeGreaterThanOrEqualTo(5);
        assertThat(failures).isEmpty();
    }

    @Test
    void theFormulaIsWcags() {
        assertThat(contrast(rgb("#000000"), rgb("#ffffff"))).isEqualTo(21.0, org.assertj.core.data.Offset.offset(1e-9));
        // orange against white: the reason the dots need their outline
        assertThat(contrast(rgb("#ff7f0e"), rgb("#ffffff"))).isCloseTo(2.54, org.assertj.core.data.Offset.offset(0.01));
        assertThat(contrast(rgb("#767676"), rgb("#ffffff"))).isCloseTo(4.54, org.assertj.core.data.Offset.offset(0.01));
    }

    /** #rrggbb or rgb(r, g, b) as three 0–255 channels. */
    static double[] rgb(String colour) {
        String c = colour.trim();
        if (c.startsWith("#")) {
            return new double[] {Integer.parseInt(c.substring(1, 3), 16), Integer.parseInt(c.substring(3, 5), 16),
                Integer.parseInt(c.substring(5, 7), 16)};
        }
        String[] parts = c.replaceAll("[^0-9.,]", "").split(",");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    }

    static double[] over(double[] top, double alpha, double[] below) {
        return new double[] {alpha * top[0] + (1 - alpha) * below[0], alpha * top[1] + (1 - alpha) * below[1],
            alpha * top[2] + (1 - alpha) * below[2]};
    }

    /** WCAG 2.x: (L1 + 0.05) / (L2 + 0.05) of the relative luminances, lighter over darker. */
    static double contrast(double[] a, double[] b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(double[] rgb) {
        double[] l = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = rgb[i] / 255;
            l[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    }
}
