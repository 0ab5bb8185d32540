package io.portcullis.server.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through Debian's chromedriver, with a fresh profile and nothing that phones home.
 * Every wait is bounded; screenshots go to {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** How long any wait lasts: room for a loaded 2-core machine. */
  static final Duration WAIT = Duration.ofSeconds(15);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  final ChromeDriver driver;
  private final Path profile;
  private final WebDriverWait wait;

  /** {@code extraArguments} are more Chromium switches, e.g. a proxy or {@code --host-resolver-rules}. */
  Browser(String acceptLanguage, String... extraArguments) throws IOException {
    profile = Files.createTempDirectory("portcullis-chromium");
    ChromeOptions o = new ChromeOptions().setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=900,900", "--lang=" + acceptLanguage, "--user-data-dir=" + profile);
    o.addArguments(extraArguments);
    o.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", acceptLanguage));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    wait = new WebDriverWait(driver, WAIT);
  }

  static boolean available() {
    return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
  }

  void open(String url) {
    driver.get(url);
  }

  /** Waits (bounded) until the URL contains {@code part}. */
  void awaitUrl(String part) {
    wait.withMessage(() -> "URL never contained " + part + "; at " + driver.getCurrentUrl())
        .until(ExpectedConditions.urlContains(part));
  }

  /** Waits (bounded) until {@code done} holds; fails with {@code what} and the page's source. */
  void until(String what, BooleanSupplier done) {
    new WebDriverWait(driver, WAIT).withMessage(() -> what + ":\n" + source()).until(d -> done.getAsBoolean());
  }

  WebElement find(String css) {
    return wait.withMessage(() -> "no element " + css + " on " + driver.getCurrentUrl() + ":\n"
        + driver.getPageSource()).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  int findAll(String css) {
    return driver.findElements(org.openqa.selenium.By.cssSelector(css)).size();
  }

  String source() {
    return driver.getPageSource();
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File f = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary profile left behind is harmless
      }
    }
  }
}
