package org.incidentmapper.map;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.incidentmapper.Browser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 11 (e): the map page of a running app in headless Chromium, timed by the page's own User Timing marks
 * ({@code incident-loader.js}: MARKS) and the Long Tasks API. Not a test: its name keeps it out of both tiers;
 * {@code bench/page-benchmark.sh} starts an app at 1M incidents and runs it with
 * {@code -Dtest=MapPageBenchmark -Dbench.base=… -Dbench.user=… -Dbench.password=…}.
 *
 * <p>Per round: a fresh load of the country view (first draw = the first "incidents-drawn" mark, in ms after
 * navigation start), then pans of the country view and zooms into Phnom Penh set through the URL hash (redraw =
 * "incidents-drawn" minus the "incidents-moveend" that caused it), with every long task of the round. Prints a
 * Markdown table and whether the targets (first draw < 1500 ms, redraw < 300 ms, no long task > 200 ms) hold.
 */
@Tag("bench")
class MapPageBenchmark {

    private static final String OBSERVE_LONG_TASKS = """
            window.__longTasks = [];
            new PerformanceObserver((list) => list.getEntries().forEach((e) =>
                window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)])))
                .observe({type: 'longtask', buffered: true});""";
    private static final String[] PANS = {"#7/12.5000/105.6000", "#7/13.1000/105.6000", "#7/13.1000/104.2000",
            "#7/12.5000/104.9000"};
    private static final String[] ZOOMS = {"#8/11.5600/104.9200", "#9/11.5600/104.9200", "#10/11.5600/104.9200",
            "#11/11.5600/104.9200", "#12/11.5600/104.9200", "#13/11.5600/104.9200", "#10/11.5600/104.9200",
            "#7/12.5000/104.9000"};

    @Test
    void mapPage() {
        String base = System.getProperty("bench.base", "http://127.0.0.1:8095");
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<String> lines = new ArrayList<>();
        double worstFirst = 0, worstRedraw = 0, worstTask = 0;
        try (Browser browser = Browser.started()) {
            browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                    Map.of("source", OBSERVE_LONG_TASKS));
            signIn(browser, base);
            lines.add("| round | first request ms | first draw ms | drawn | pans ms | zooms ms | long tasks > 50 ms "
                    + "(longest) | map DOM nodes |");
            lines.add("|---|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                browser.navigate("about:blank"); // leave the page, so that the next one is a fresh load
                browser.navigate(base + "/" + PANS[PANS.length - 1]);
                double first = awaitDrawn(browser, 0);
                double requested = number(browser.script(
                        "return performance.getEntriesByName('incidents-request')[0].startTime"));
                String drawn = String.valueOf(browser.script("const m = performance.getEntriesByName('incidents-drawn')[0];"
                        + "return m.detail.clusters ? m.detail.clusters + ' clusters' : m.detail.features + ' points'"));
                awaitSettled(browser);
                List<Double> pans = moves(browser, PANS);
                List<Double> zooms = moves(browser, ZOOMS);
                List<?> tasks = (List<?>) browser.script("return window.__longTasks");
                double longest = tasks.stream().mapToDouble(t -> number(((List<?>) t).get(1))).max().orElse(0);
                Object nodes = browser.script("return document.getElementById('map').getElementsByTagName('*').length");
                lines.add(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %s | %s | %s | %d (%.0f) | %s |", round,
                        requested, first, drawn, join(pans), join(zooms), tasks.size(), longest, nodes));
                worstFirst = Math.max(worstFirst, first);
                worstRedraw = Math.max(worstRedraw, max(pans, zooms));
                worstTask = Math.max(worstTask, longest);
            }
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "worst first draw %.0f ms (target < 1500: %s); worst pan/zoom redraw %.0f ms "
                + "(target < 300: %s); longest task %.0f ms (target <= 200: %s)", worstFirst, met(worstFirst < 1500),
                worstRedraw, met(worstRedraw < 300), worstTask, met(worstTask <= 200)));
        System.out.println("\n" + String.join("\n", lines) + "\n");
    }

    private static void signIn(Browser browser, String base) {
        browser.navigate(base + "/login");
        browser.one("#username").sendKeys(System.getProperty("bench.user", "bench"));
        browser.one("#password").sendKeys(System.getProperty("bench.password", ""));
        browser.one("button[type=submit]").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Sets each hash in turn; per move, ms from the map's moveend to the redraw it caused. */
    private static List<Double> moves(Browser browser, String[] hashes) {
        List<Double> times = new ArrayList<>();
        for (String hash : hashes) {
            int before = count(browser, "incidents-drawn");
            double movedBefore = count(browser, "incidents-moveend");
            browser.script("location.hash = arguments[0]", hash);
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                    .until(d -> count(browser, "incidents-moveend") > movedBefore);
            awaitDrawn(browser, before);
            times.add(number(browser.script("""
                    const moved = performance.getEntriesByName('incidents-moveend').at(-1).startTime;
                    return performance.getEntriesByName('incidents-drawn').at(-1).startTime - moved""")));
            awaitSettled(browser);
        }
        return times;
    }

    /** Waits for an "incidents-drawn" mark beyond the first {@code seen}; returns its time after navigation start. */
    private static double awaitDrawn(Browser browser, int seen) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).until(d -> count(browser, "incidents-drawn") > seen);
        return number(browser.script("return performance.getEntriesByName('incidents-drawn')[arguments[0]].startTime",
                seen));
    }

    /** Waits for the whole page (provinces, timeline) to be ready, so a move is timed alone. */
    private static void awaitSettled(Browser browser) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(120)).until(d ->
                "ready".equals(browser.script("return document.body.dataset.state")));
    }

    private static int count(Browser browser, String mark) {
        return (int) number(browser.script("return performance.getEntriesByName(arguments[0]).length", mark));
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static String join(List<Double> times) {
        return String.join(" / ", times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList());
    }

    private static double max(List<Double> a, List<Double> b) {
        return Math.max(a.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                b.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }
}
