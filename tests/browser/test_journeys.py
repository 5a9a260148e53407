"""Real-browser journeys: headless Chromium (Debian's chromium and chromium-driver) driven by Selenium against the
`benta serve --demo` that scripts/browser-test starts. Each step is bounded (page loads and waits time out), prints
"ok - …" or "FAIL - …", and the run ends with "N passed, N failed"; screenshots go to BENTA_BROWSER_SCREENS.

Run it through scripts/browser-test, which sets BENTA_BROWSER_BASE_URL.
"""

import json
import os
import pathlib
import sys
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BENTA_BROWSER_BASE_URL"].rstrip("/")
SCREENS = pathlib.Path(os.environ.get("BENTA_BROWSER_SCREENS", ".build/browser-screens"))
ROOT = pathlib.Path(__file__).resolve().parents[2]
LOCALES = ROOT / "Sources/BentaWeb/Resources/Locales"
PASSWORD = "benta-demo"
PHONE, DESKTOP = 390, 1366
WAIT = 10

# Every visible link, button and menu button in the page's main content, at least 24 × 24 CSS px (WCAG 2.5.8).
SMALL_TARGETS_JS = """
const small = [];
for (const el of document.querySelectorAll('main a, main button, main summary, main input[type=submit]')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || s.display === 'none') continue;
  if (r.width < 24 || r.height < 24) {
    small.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}" ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
  }
}
return small;
"""


def make_driver():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1366,900", "--lang=en-US"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(10)
    return driver


class Journeys:
    def __init__(self, driver):
        self.driver = driver
        self.passed = 0
        self.failed = 0

    # Helpers

    def width(self, pixels):
        """The viewport `pixels` wide, as a phone (mobile) below 800 px."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": pixels, "height": 844 if pixels < 800 else 900, "deviceScaleFactor": 1,
            "mobile": pixels < 800})

    def open(self, path):
        self.driver.get(BASE + path)
        WebDriverWait(self.driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def visible(self, element):
        """Rendered and not inside hidden content (Selenium's own check counts anything in a closed <details> as
        hidden, even where the stylesheet shows it)."""
        return self.driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return arguments[0].checkVisibility({visibilityProperty: true}) && r.width > 0 && r.height > 0",
            element)

    def screenshot(self, name):
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(SCREENS / f"{name}.png"))

    def login(self, email):
        self.driver.delete_all_cookies()
        self.open("/login")
        self.driver.find_element(By.ID, "email").send_keys(email)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORD)
        self.driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
        WebDriverWait(self.driver, WAIT).until(lambda d: "/login" not in d.current_url)

    def first_link(self, path, selector):
        self.open(path)
        links = self.driver.find_elements(By.CSS_SELECTOR, selector)
        assert links, f"no link {selector} on {path}"
        return links[0].get_attribute("href")

    def check_layout(self, name, width):
        overflow = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"{name} at {width} px scrolls sideways: {overflow[0]} > {overflow[1]}"
        small = self.driver.execute_script(SMALL_TARGETS_JS)
        assert not small, f"{name} at {width} px has targets under 24 px: {small[:5]}"

    def step(self, name, function):
        try:
            function()
            self.passed += 1
            print(f"ok - {name}", flush=True)
        except Exception as error:  # noqa: BLE001 - every failure is reported and counted
            self.failed += 1
            print(f"FAIL - {name}: {error}", flush=True)
            traceback.print_exc(limit=3)
            try:
                self.screenshot("FAIL-" + name.replace(" ", "-"))
            except Exception:  # noqa: BLE001
                pass

    # Journeys

    def pages_fit_at_both_widths(self):
        account = self.first_link("/accounts", "table.data-table tbody a[href^='/accounts/']")
        invoice = self.first_link("/invoices", "table.data-table tbody a[href^='/invoices/']")
        quote = self.first_link("/quotes", "table.data-table tbody a[href^='/quotes/']")
        pages = [("my-day", "/my-day"), ("accounts", "/accounts"), ("account", account.replace(BASE, "")),
                 ("invoices", "/invoices"), ("invoice", invoice.replace(BASE, "")), ("quote", quote.replace(BASE, ""))]
        for width in (PHONE, DESKTOP):
            self.width(width)
            for name, path in pages:
                self.open(path)
                self.screenshot(f"{width}-{name}")
                self.check_layout(name, width)

    def menu_button_opens_the_menu_on_a_phone(self):
        self.width(PHONE)
        self.open("/my-day")
        button = self.driver.find_element(By.CSS_SELECTOR, "summary.nav-menu-button")
        first = self.driver.find_element(By.CSS_SELECTOR, ".main-nav a")
        assert self.visible(button), "no menu button at 390 px"
        assert not self.visible(first), "the menu is open before the button is pressed"
        header = self.driver.find_element(By.CSS_SELECTOR, ".site-header").size["height"]
        assert header <= 140, f"the closed header is {header} px tall at 390 px"
        button.click()
        WebDriverWait(self.driver, WAIT).until(lambda d: self.visible(first))
        links = [a for a in self.driver.find_elements(By.CSS_SELECTOR, ".main-nav a") if self.visible(a)]
        assert len(links) >= 12, f"only {len(links)} menu links shown"
        small = [a.text for a in links if a.size["height"] < 24 or a.size["width"] < 24]
        assert not small, f"menu links under 24 px: {small}"
        self.screenshot(f"{PHONE}-menu-open")
        self.width(DESKTOP)
        self.open("/my-day")
        assert not self.visible(self.driver.find_element(By.CSS_SELECTOR, "summary.nav-menu-button")), \
            "the menu button shows at 1366 px"
        assert self.visible(self.driver.find_element(By.CSS_SELECTOR, ".main-nav a")), "the menu is hidden at 1366 px"
        # Keyboard: Tab from the brand reaches the first menu link, which shows the focus ring.
        self.driver.execute_script("document.querySelector('.brand').focus()")
        ActionChains(self.driver).send_keys(Keys.TAB).perform()
        focused = self.driver.execute_script(
            "const a = document.activeElement; return [a.closest('.main-nav') !== null, a.textContent.trim(),"
            " getComputedStyle(a).outlineStyle, getComputedStyle(a).outlineWidth]")
        assert focused[0], f"Tab from the brand went to {focused[1]!r}, not the menu"
        assert focused[2] != "none" and focused[3] != "0px", f"the focused menu link shows no focus ring: {focused}"

    def two_word_search_finds_the_account(self):
        self.width(PHONE)
        self.open("/accounts")
        status = self.driver.find_element(By.ID, "status")
        assert not self.visible(status), "the account filters are not collapsed at 390 px"
        self.driver.find_element(By.CSS_SELECTOR, "summary.filters-more-button").click()
        WebDriverWait(self.driver, WAIT).until(lambda d: self.visible(status))
        names = [a.text.strip() for a in
                 self.driver.find_elements(By.CSS_SELECTOR, "table.data-table tbody a[href^='/accounts/']")]
        name = next((n for n in names if len(n.split()) >= 2), None)
        assert name, f"no account with a two-word name among {names[:5]}"
        words = " ".join(name.split()[:2])
        box = self.driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys(words)
        box.submit()
        WebDriverWait(self.driver, WAIT).until(EC.url_contains("q="))
        found = [a.text.strip() for a in
                 self.driver.find_elements(By.CSS_SELECTOR, "table.data-table tbody a[href^='/accounts/']")]
        assert name in found, f"searching {words!r} did not find {name!r}: {found[:5]}"
        assert self.driver.find_element(By.ID, "q").get_attribute("value") == words, "the box does not show the words"
        self.screenshot(f"{PHONE}-account-search")

    def unknown_caller_becomes_a_lead_and_is_converted(self):
        """A number nobody has is searched, offered as a new lead, saved with a name, qualified and converted into
        an account with a deal: the account page then shows the deal and the caller's number as a tel: link."""
        self.width(PHONE)
        number = "0999 314 1592"
        self.open("/search")
        box = self.driver.find_element(By.ID, "search-q")
        box.send_keys(number)
        box.submit()
        WebDriverWait(self.driver, WAIT).until(EC.url_contains("q="))
        offer = self.driver.find_element(By.CSS_SELECTOR, ".unknown-caller a.button")
        assert self.visible(offer), "no 'Create a lead with this number' on the search result"
        self.screenshot(f"{PHONE}-unknown-caller")
        offer.click()
        WebDriverWait(self.driver, WAIT).until(EC.url_contains("/leads/new"))
        phone = self.driver.find_element(By.ID, "phone").get_attribute("value")
        assert phone == number, f"the lead form's phone is {phone!r}, not {number!r}"
        self.driver.find_element(By.ID, "person_name").send_keys("Journey Caller")
        self.driver.find_element(By.ID, "company_name").send_keys("Journey Trading")
        self.driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
        WebDriverWait(self.driver, WAIT).until(EC.url_contains("saved=1"))
        flash = self.driver.find_element(By.CSS_SELECTOR, ".flash").text.strip()
        assert flash == "Lead saved.", f"the flash after saving reads {flash!r}"
        reason = self.driver.find_element(By.ID, "disqualify-reason")
        assert not self.visible(reason), "the reason for disqualifying shows before disqualifying"
        self.driver.find_element(By.CSS_SELECTOR, ".status-actions input[value=qualified] + button").click()
        WebDriverWait(self.driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "form.convert-form"))
        self.driver.find_element(By.ID, "convert-account-name").send_keys("Journey Trading")
        self.driver.find_element(By.ID, "convert-deal-title").send_keys("Journey first order")
        self.driver.find_element(By.CSS_SELECTOR, "form.convert-form .form-actions button[type=submit]").click()
        WebDriverWait(self.driver, WAIT).until(EC.url_contains("/accounts/"))
        heading = self.driver.find_element(By.TAG_NAME, "h1").text.strip()
        assert heading == "Journey Trading", f"conversion landed on {heading!r}"
        deals = [a.text.strip() for a in self.driver.find_elements(By.CSS_SELECTOR, "#deals-heading ~ ul a, .overview-card a")]
        assert "Journey first order" in deals, f"the account page's deals: {deals}"
        tels = [a.get_attribute("href") for a in self.driver.find_elements(By.CSS_SELECTOR, "a[href^='tel:']")]
        assert "tel:+639993141592" in tels, f"no tel: link for the caller: {tels}"
        self.screenshot(f"{PHONE}-converted-account")

    def account_page_is_a_360_view(self):
        """An account with invoices (reached from an invoice): its invoices with badges, what is owed, "New deal"
        prefilled, phones as tel: links, and "Log a call" within the first screen on a phone."""
        invoice = self.first_link("/invoices", "table.data-table tbody a[href^='/invoices/']")
        self.open(invoice.replace(BASE, ""))
        account = self.driver.find_element(By.CSS_SELECTOR, "main a[href^='/accounts/']").get_attribute("href")
        for width in (PHONE, DESKTOP):
            self.width(width)
            self.open(account.replace(BASE, ""))
            rows = self.driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=invoices-heading] .overview-list li")
            assert rows, "the account page lists no invoices"
            assert rows[0].find_elements(By.CSS_SELECTOR, ".badge"), "an invoice without its status badge"
            assert self.driver.find_elements(By.CSS_SELECTOR, ".account-balance"), "no balance on the account page"
            new_deal = self.driver.find_element(By.CSS_SELECTOR, ".page-header a[href^='/deals/new?account_id=']")
            assert self.visible(new_deal), "no New deal button"
            assert self.driver.find_elements(By.CSS_SELECTOR, "main a[href^='tel:']"), "no tel: link"
            jump = self.driver.find_element(By.CSS_SELECTOR, "a.log-call-jump")
            top = self.driver.execute_script("return arguments[0].getBoundingClientRect().bottom", jump)
            height = self.driver.execute_script("return window.innerHeight")
            assert top <= height, f"'Log a call' ends at {top} px, below the first screen ({height} px) at {width} px"
            self.check_layout("account 360", width)
            self.screenshot(f"{width}-account-360")
            jump.click()
            WebDriverWait(self.driver, WAIT).until(EC.url_contains("#log-call-heading"))
            form_top = self.driver.execute_script(
                "return document.getElementById('log-call-heading').getBoundingClientRect().top")
            assert -2 <= form_top <= height, f"the jump did not bring the call form into view ({form_top} px)"

    def filipino_shows_filipino_menu_labels(self):
        strings = json.loads((LOCALES / "fil.json").read_text(encoding="utf-8"))
        self.width(DESKTOP)
        self.open("/profile")
        self.driver.find_element(By.CSS_SELECTOR, "#language option[value='fil']").click()
        self.driver.find_element(By.ID, "language").submit()
        WebDriverWait(self.driver, WAIT).until(
            lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fil")
        labels = {a.get_attribute("textContent").strip() for a in self.driver.find_elements(By.CSS_SELECTOR, ".main-nav a")
                  if self.visible(a)}
        for key in ("nav_my_day", "nav_accounts", "nav_invoices", "nav_profile"):
            assert strings[key] in labels, f"{key} is not {strings[key]!r} in Filipino: {sorted(labels)}"
        self.screenshot(f"{DESKTOP}-filipino")
        self.driver.find_element(By.CSS_SELECTOR, "#language option[value='en']").click()
        self.driver.find_element(By.ID, "language").submit()
        WebDriverWait(self.driver, WAIT).until(
            lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")

    def another_managers_account_is_not_found(self):
        self.login("manager2@demo.test")
        theirs = self.first_link("/accounts", "table.data-table tbody a[href^='/accounts/']")
        self.login("manager1@demo.test")
        self.open(theirs.replace(BASE, ""))
        status = self.driver.find_element(By.CSS_SELECTOR, ".error-status").text.strip()
        assert status == "404", f"manager1 opening manager2's account saw {status!r}"
        self.screenshot(f"{PHONE}-not-found")

    def run(self):
        self.step("log in as a demo manager", lambda: self.login("manager1@demo.test"))
        self.step("My day, accounts, an account, invoices, an invoice and a quote fit at 390 and 1366 px",
                  self.pages_fit_at_both_widths)
        self.step("the menu button opens the menu at 390 px", self.menu_button_opens_the_menu_on_a_phone)
        self.step("the filters fold away at 390 px and a two-word search finds the account", self.two_word_search_finds_the_account)
        self.step("an unknown caller's number becomes a lead from the search result, qualified and converted",
                  self.unknown_caller_becomes_a_lead_and_is_converted)
        self.step("the account page shows invoices, the balance, New deal, tel: links and Log a call on the first screen",
                  self.account_page_is_a_360_view)
        self.step("Filipino shows the Filipino menu labels", self.filipino_shows_filipino_menu_labels)
        self.step("another manager's account is the 404 page", self.another_managers_account_is_not_found)


def main():
    driver = make_driver()
    try:
        journeys = Journeys(driver)
        journeys.run()
    finally:
        driver.quit()
    print(f"{journeys.passed} passed, {journeys.failed} failed")
    print(f"screenshots: {SCREENS}")
    return 1 if journeys.failed else 0


if __name__ == "__main__":
    sys.exit(main())
