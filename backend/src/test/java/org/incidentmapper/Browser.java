package org.incidentmapper;

import java.io.File;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through the system chromedriver (no driver download). Pages signal a finished
 * fetch with {@code document.body.dataset.state = "ready"}.
 */
public final class Browser implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private ChromeDriver driver;

    /**
     * A browser for a test class: {@code @RegisterExtension static final Browser browser = new Browser();} starts
     * Chromium before the class's tests and quits it after them.
     */
    public Browser() {
    }

    /** A browser started now, for one test (close it). */
    public static Browser started() {
        Browser browser = new Browser();
        browser.start();
        return browser;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void start() {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!new File(binary).canExecute()) {
                throw new IllegalStateException(binary + " is missing: apt-get install chromium chromium-driver "
                        + "(./mapper test installs them when run as root)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** Logs in through the login form as the test account named {@code role}. */
    public void login(String baseUrl, String role) {
        driver.get(baseUrl + "/login");
        driver.findElement(By.id("username")).sendKeys(role);
        driver.findElement(By.id("password")).sendKeys(TestAccounts.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Opens {@code url} and waits for its data; signs in as the analyst first when the app asks for a login. */
    public void open(String url) {
        driver.get(url);
        if (driver.getCurrentUrl().matches("^https?://[^/]+/login([?#].*)?$")) {
            String base = url.replaceFirst("^(https?://[^/]+).*$", "$1");
            login(base, "analyst");
            driver.get(url);
        }
        awaitReady();
    }

    /** Waits until the page shows the result of its latest fetch. */
    public void awaitReady() {
        assertState("ready");
    }

    /** Waits until the page has settled (its fetch answered or failed) and checks it settled as {@code expected}. */
    public void assertState(String expected) {
        Object state = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            Object s = ((JavascriptExecutor) d).executeScript("return document.body.dataset.state");
            return "ready".equals(s) || "error".equals(s) ? s : null;
        });
        if (!expected.equals(state)) {
            throw new AssertionError("page state is " + state + ", expected " + expected + "; message: "
                    + driver.findElements(By.id("message")).stream().map(WebElement::getText).toList());
        }
    }

    /** Opens {@code url} without waiting for a successful fetch. */
    public void navigate(String url) {
        driver.get(url);
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Waits for {@code css} to be shown and to stay where it is for 300 ms (a popup that Leaflet is still panning
     * into view moves under the pointer; a person clicks once it has stopped), and returns it.
     */
    public WebElement awaitStill(String css) {
        String[] last = {null};
        return new WebDriverWait(driver, Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(300)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            if (found.isEmpty() || !found.get(0).isDisplayed()) {
                last[0] = null;
                return null;
            }
            String at = found.get(0).getRect().getPoint().toString();
            boolean still = at.equals(last[0]);
            last[0] = at;
            return still ? found.get(0) : null;
        });
    }

    public WebElement await(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The driver itself, for what this class does not wrap (waits, selects, keys). */
    public ChromeDriver driver() {
        return driver;
    }

    public void deleteCookie(String name) {
        driver.manage().deleteCookieNamed(name);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Resizes the window so that the page's viewport is {@code width}×{@code height} CSS pixels. */
    public void viewport(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        Object inner = script("return [window.innerWidth, window.innerHeight]");
        List<?> size = (List<?>) inner;
        int dw = width - ((Number) size.get(0)).intValue();
        int dh = height - ((Number) size.get(1)).intValue();
        if (dw != 0 || dh != 0) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width + dw, height + dh));
        }
    }

    /** Saves a screenshot of the viewport as {@code target/<name>.png} (for a person to look at). */
    public void saveScreenshot(String name) {
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
            java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots", name + ".png"), screenshot());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public byte[] screenshot() {
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }
}
