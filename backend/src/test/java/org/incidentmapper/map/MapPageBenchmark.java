package org.incidentmapper.map;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.incidentmapper.Browser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 11 (e): the map page of a running app in headless Chromium, timed by the page's own User Timing marks
 * ({@code incident-loader.js}: MARKS) and the Long Tasks API. Not a test: its name keeps it out of both tiers;
 * {@code bench/page-benchmark.sh} starts an app at 1M incidents and runs it with
 * {@code -Dtest=MapPageBenchmark -Dbench.base=… -Dbench.user=… -Dbench.password=…}.
 *
 * <p>Per round: a fresh load of the country view (first draw = the first "incidents-drawn" mark, in ms after
 * navigation start), then drags of the country view (small ones, inside what was fetched, and large ones) and
 * zooms in and out of Phnom Penh with the keyboard (redraw = "incidents-drawn" minus the "incidents-moveend" that
 * caused it), with every long task of the round. Prints a
 * Markdown table and whether the targets (first draw < 1500 ms, redraw < 300 ms, no long task > 200 ms) hold.
 */
@Tag("bench")
class MapPageBenchmark {

    private static final String OBSERVE_LONG_TASKS = """
            window.__longTasks = [];
            new PerformanceObserver((list) => list.getEntries().forEach((e) =>
                window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)])))
                .observe({type: 'longtask', buffered: true});""";
    private static final String START = "#7/12.5000/104.9000";
    /** Where the zooms start (Phnom Penh at zoom 9; set through the hash, which reloads, so not timed). */
    private static final String CITY = "#9/11.5600/104.9200";
    /**
     * Drags of the map by these fractions of its size: a tenth stays inside the padded view already fetched (a
     * quarter more on each side), 0.45 leaves it.
     */
    private static final double[][] NEAR_PANS = {{-0.1, 0}, {0, -0.1}, {0.1, 0}, {0, 0.1}};
    private static final double[][] FAR_PANS = {{-0.45, 0}, {0, -0.45}, {0.45, 0.45}};
    /** Keys sent to the focused map: four zooms in, four out (Leaflet's keyboard handler). */
    private static final String ZOOMS = "++++----";

    @Test
    void mapPage() {
        String base = System.getProperty("bench.base", "http://127.0.0.1:8095");
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<String> lines = new ArrayList<>();
        List<String> details = new ArrayList<>();
        double worstFirst = 0, worstRedraw = 0, worstTask = 0;
        try (Browser browser = Browser.started()) {
            browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                    Map.of("source", OBSERVE_LONG_TASKS));
            signIn(browser, base);
            lines.add("| round | DOM loaded ms | modules ms | config ms | first request ms | first draw ms | drawn | near pans ms | far pans ms | zooms ms | long tasks > 50 ms "
                    + "(longest) | map DOM nodes |");
            lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                // leave the page, so that the next one is a fresh load (a page of the app's origin when profiling, so that
                // the profiler stays attached to the same renderer)
                browser.navigate(PROFILE ? base + "/api/config" : "about:blank");
                if (PROFILE) {
                    browser.driver().executeCdpCommand("Profiler.enable", Map.of());
                    browser.driver().executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 500));
                    browser.driver().executeCdpCommand("Profiler.start", Map.of());
                }
                browser.navigate(base + "/" + START);
                double first = awaitDrawn(browser, 0);
                double requested = number(browser.script(
                        "return performance.getEntriesByName('incidents-request')[0].startTime"));
                String drawn = String.valueOf(browser.script("const m = performance.getEntriesByName('incidents-drawn')[0];"
                        + "return m.detail.clusters ? m.detail.clusters + ' clusters' : m.detail.features + ' points'"));
                awaitSettled(browser);
                List<Double> near = drags(browser, NEAR_PANS);
                List<Double> far = drags(browser, FAR_PANS);
                browser.script("location.hash = arguments[0]", CITY);
                awaitSettled(browser);
                List<Double> zooms = new ArrayList<>();
                for (char key : ZOOMS.toCharArray()) {
                    zooms.add(timed(browser, () -> browser.one("#map").sendKeys(String.valueOf(key))));
                }
                if (PROFILE) {
                    details.addAll(busyRuns(browser.driver().executeCdpCommand("Profiler.stop", Map.of())));
                }
                List<?> tasks = (List<?>) browser.script("return window.__longTasks");
                double longest = tasks.stream().mapToDouble(t -> number(((List<?>) t).get(1))).max().orElse(0);
                Object nodes = browser.script("return document.getElementById('map').getElementsByTagName('*').length");
                double scripts = number(browser.script(
                        "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"));
                lines.add(String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %.0f | %.0f | %s | %s | %s | %s | %d (%.0f) | %s |",
                        round, scripts, markTime(browser, "page-modules"), markTime(browser, "page-config"), requested, first, drawn, join(near), join(far), join(zooms), tasks.size(), longest, nodes));
                details.add("round " + round + " long tasks [start ms, duration ms]: " + tasks);
                details.add("round " + round + " requests [path, start ms, end ms]: " + browser.script("return JSON.stringify("
                        + "performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/') || r.name.endsWith('.js'))"
                        + ".filter((r) => r.startTime < performance.getEntriesByName('incidents-drawn')[0].startTime)"
                        + ".map((r) => [r.name.replace(/^https?:..[^/]+/, '').slice(0, 90), Math.round(r.startTime), Math.round(r.responseEnd)]))"));
                details.add("round " + round + " draws: " + browser.script("return JSON.stringify(performance"
                        + ".getEntriesByName('incidents-drawn').map((m) => [Math.round(m.startTime), m.detail]))"));
                worstFirst = Math.max(worstFirst, first);
                worstRedraw = Math.max(worstRedraw, max(near, far, zooms));
                worstTask = Math.max(worstTask, longest);
            }
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "worst first draw %.0f ms (target < 1500: %s); worst pan/zoom redraw %.0f ms "
                + "(target < 300: %s); longest task %.0f ms (target <= 200: %s)", worstFirst, met(worstFirst < 1500),
                worstRedraw, met(worstRedraw < 300), worstTask, met(worstTask <= 200)));
        lines.addAll(details);
        lines.add("end of the page benchmark");
        System.out.println("\n" + String.join("\n", lines) + "\n");
    }

    /**
     * With {@code -Dbench.profile=true}: the CPU profile of a round cut into busy runs (consecutive samples that are
     * not idle), and for each run over 50 ms the functions with the most self time in it: what a long task was.
     */
    @SuppressWarnings("unchecked")
    private static List<String> busyRuns(Map<String, Object> stopped) {
        Map<String, Object> profile = (Map<String, Object>) stopped.get("profile");
        Map<Long, String> names = new java.util.HashMap<>();
        for (Object node : (List<?>) profile.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) node;
            Map<String, Object> frame = (Map<String, Object>) n.get("callFrame");
            String url = String.valueOf(frame.get("url"));
            names.put(((Number) n.get("id")).longValue(), frame.get("functionName") + "@"
                    + url.substring(url.lastIndexOf('/') + 1) + ":" + (((Number) frame.get("lineNumber")).intValue() + 1));
        }
        List<?> samples = (List<?>) profile.get("samples");
        List<?> deltas = (List<?>) profile.get("timeDeltas");
        List<String> runs = new ArrayList<>();
        Map<String, Double> self = new java.util.HashMap<>();
        double at = 0, runStart = 0, runTime = 0;
        for (int i = 0; i < samples.size(); i++) {
            double delta = ((Number) deltas.get(i)).doubleValue() / 1000;
            at += delta;
            String name = names.get(((Number) samples.get(i)).longValue());
            if (name.startsWith("(idle)")) {
                if (runTime > 50) {
                    runs.add(String.format(Locale.ROOT, "busy %.0f ms at profile %.0f ms: ", runTime, runStart) + self.entrySet()
                            .stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                            .map(e -> e.getKey() + String.format(Locale.ROOT, " %.0f", e.getValue())).toList());
                }
                self.clear();
                runTime = 0;
                continue;
            }
            if (runTime == 0) {
                runStart = at;
            }
            runTime += delta;
            self.merge(name, delta, Double::sum);
        }
        return runs;
    }

    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");

    private static void signIn(Browser browser, String base) {
        browser.navigate(base + "/login");
        browser.one("#username").sendKeys(System.getProperty("bench.user", "bench"));
        browser.one("#password").sendKeys(System.getProperty("bench.password", ""));
        browser.one("button[type=submit]").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Drags the map by each offset in turn; per drag, ms from the map's moveend to the redraw it caused. */
    private static List<Double> drags(Browser browser, double[][] offsets) {
        List<Double> times = new ArrayList<>();
        org.openqa.selenium.Dimension size = browser.one("#map").getSize();
        for (double[] offset : offsets) {
            int dx = (int) (offset[0] * size.getWidth()), dy = (int) (offset[1] * size.getHeight());
            times.add(timed(browser, () -> new Actions(browser.driver()).moveToElement(browser.one("#map"))
                    .clickAndHold().moveByOffset(dx / 2, dy / 2).moveByOffset(dx - dx / 2, dy - dy / 2).release()
                    .perform()));
        }
        return times;
    }

    /** Runs {@code move}; returns ms from the map's next moveend to the redraw after it. */
    private static double timed(Browser browser, Runnable move) {
        int before = count(browser, "incidents-drawn");
        int movedBefore = count(browser, "incidents-moveend");
        move.run();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(d -> count(browser, "incidents-moveend") > movedBefore);
        awaitDrawn(browser, before);
        double time = number(browser.script("""
                const moved = performance.getEntriesByName('incidents-moveend').at(-1).startTime;
                return performance.getEntriesByName('incidents-drawn').at(-1).startTime - moved"""));
        awaitSettled(browser);
        return time;
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

    /** The start-up mark's time after navigation start in ms, or "–" when the page set none. */
    private static String markTime(Browser browser, String mark) {
        Object time = browser.script("const m = performance.getEntriesByName(arguments[0])[0]; return m ? m.startTime : null", mark);
        return time == null ? "–" : String.format(Locale.ROOT, "%.0f", number(time));
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

    @SafeVarargs
    private static double max(List<Double>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }
}
