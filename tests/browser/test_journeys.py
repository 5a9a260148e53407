"""Real-browser journeys: headless Chromium (Debian's chromium and chromium-driver) driven by Selenium against the
`benta serve --demo` that scripts/browser-test starts. Each step is bounded (page loads and waits time out), prints
"ok - …" or "FAIL - …", and the run ends with "N passed, N failed"; screenshots go to BENTA_BROWSER_SCREENS.

The journeys (issue 14) run in order on one demo company, as a manager, the head and the accountant: the sales day
(a caller becomes a lead and an account, a meeting, a deal won, a contract sent, the Reports menu, Filipino), then
money (an invoice issued and its PDF, the leaderboard moving with it, a commission statement approved, a payment
recorded, a statement line matched, a collection call with a promise to pay). The main pages of each role pass
ACCESSIBILITY_JS at 390 and 1366 px, with a screenshot of each.

Run it through scripts/browser-test, which sets BENTA_BROWSER_BASE_URL.
"""

import json
import os
import pathlib
import re
import sys
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["BENTA_BROWSER_BASE_URL"].rstrip("/")
SCREENS = pathlib.Path(os.environ.get("BENTA_BROWSER_SCREENS", ".build/browser-screens"))
ROOT = pathlib.Path(__file__).resolve().parents[2]
LOCALES = ROOT / "Sources/BentaWeb/Resources/Locales"
PASSWORD = "benta-demo"
PHONE, DESKTOP = 390, 1366
MANAGER1 = "Kristine Bautista"  # manager1@demo.test
HEAD_PAGES = [("dashboard", "/dashboard"), ("commission", "/commission"), ("plans", "/plans"),
              ("reports", "/reports")]
ACCOUNTANT_PAGES = [("my-day", "/my-day"), ("payments", "/payments"), ("payment-new", "/payments/new"),
                    ("bank-statements", "/bank-statements"), ("review-queue", "/bank-statements/queue")]
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

# The accessibility check run on the main pages at both widths (issue 14). Returns the offenders, each named by a
# short selector: (1) every visible input, select and textarea has a label (a <label> for it or around it,
# aria-label or aria-labelledby naming an element that exists); (2) every img has an alt attribute and every svg
# not hidden from assistive technology is role="img" with aria-label, aria-labelledby or a <title>, or has a table
# beside it in its card, figure or section; (3) every visible text has a contrast of at least 4.5:1 against the
# first opaque background behind it (3:1 for large text: 24 px, or 18.66 px bold), semi-transparent layers blended.
ACCESSIBILITY_JS = """
const problems = [];
function name(el) {
  let s = el.tagName.toLowerCase();
  if (el.id) return s + '#' + el.id;
  if (el.classList.length) s += '.' + [...el.classList].slice(0, 2).join('.');
  const parent = el.parentElement;
  if (parent && parent !== document.body) {
    const up = parent.id ? parent.tagName.toLowerCase() + '#' + parent.id
      : parent.tagName.toLowerCase() + (parent.classList.length ? '.' + parent.classList[0] : '');
    s = up + ' > ' + s;
  }
  return s;
}
function shown(el) {
  if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
  const r = el.getBoundingClientRect();
  if (r.width <= 1 || r.height <= 1) return false;
  return el.closest('.visually-hidden') === null;
}
for (const el of document.querySelectorAll('input, select, textarea')) {
  if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
  if (!shown(el)) continue;
  const byLabel = el.labels && [...el.labels].some(l => l.textContent.trim() !== '');
  const byAria = (el.getAttribute('aria-label') || '').trim() !== '';
  const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const byIds = by.length > 0 && by.every(id => document.getElementById(id) !== null);
  if (!byLabel && !byAria && !byIds) problems.push('unlabelled ' + name(el));
}
for (const img of document.querySelectorAll('img')) {
  if (!img.hasAttribute('alt')) problems.push('img without alt ' + name(img));
}
for (const svg of document.querySelectorAll('svg')) {
  if (svg.closest('[aria-hidden=true]')) continue;
  if (svg.parentElement && svg.parentElement.closest('svg')) continue;
  const label = (svg.getAttribute('aria-label') || '').trim() !== '' || svg.hasAttribute('aria-labelledby')
    || (svg.querySelector(':scope > title') && svg.querySelector(':scope > title').textContent.trim() !== '');
  const described = svg.getAttribute('role') === 'img' && label;
  const box = svg.closest('figure, section, .card');
  const table = box !== null && box.querySelector('table') !== null;
  if (!described && !table) problems.push('svg without a text alternative ' + name(svg));
}
function rgba(text) {
  const m = text.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.backgroundImage && s.backgroundImage !== 'none') return null;
    const c = rgba(s.backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let colour = [255, 255, 255, 1];
  for (const layer of layers.reverse()) colour = over(layer, colour);
  return colour;
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const seen = new Set();
for (const el of document.querySelectorAll('body *')) {
  if (['SCRIPT', 'STYLE', 'svg', 'SVG', 'TITLE', 'OPTION'].includes(el.tagName) || el.closest('svg')) continue;
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '');
  const field = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName) && el.type !== 'hidden';
  if (!own && !field) continue;
  if (el.disabled || el.closest('[aria-disabled=true]')) continue;
  if (!shown(el)) continue;
  const s = getComputedStyle(el);
  const bg = background(el);
  if (bg === null) continue;
  const fg = over(rgba(s.color), bg);
  const l1 = luminance(fg), l2 = luminance(bg);
  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
  const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  if (ratio < needed) {
    const key = name(el) + ' ' + s.color + ' on ' + bg.slice(0, 3).join(',');
    if (!seen.has(key)) {
      seen.add(key);
      problems.push('contrast ' + ratio.toFixed(2) + ':1 < ' + needed + ' ' + name(el) + ' "' +
        (el.textContent || el.value || '').trim().slice(0, 30) + '" ' + s.color + ' on rgb(' + bg.slice(0, 3).join(',') + ')');
    }
  }
}
return problems;
"""

# English words that must not be the label of a menu entry or a main page's heading in Filipino (issue 9's list and
# the menu's English labels).
ENGLISH_LABELS = {
    "My day", "Leads", "Accounts", "Contacts", "Deals", "Quotes", "Contracts", "Invoices", "Payments", "Receivables",
    "Collections", "Reports", "Plans", "Commission", "Products", "Meetings", "Import", "Imports", "Profile", "Users",
    "Settings", "Log out", "Overdue", "Status", "Owner", "Source", "Billing address", "New lead", "New deal",
    "New account", "Search", "My calls to make",
}


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

    # Helpers for forms

    def choose(self, select_id, text=None, index=None):
        """Chooses an option of the select `select_id` by (part of) its text, or by its index; returns its text."""
        WebDriverWait(self.driver, WAIT).until(EC.presence_of_element_located((By.ID, select_id)))
        chosen = self.driver.execute_script(
            "const s = document.getElementById(arguments[0]);"
            "const o = [...s.options].find((o, i) => arguments[1] === null ? i === arguments[2]"
            " : o.text.includes(arguments[1]));"
            "if (!o) return null; s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true}));"
            "return o.text.trim()", select_id, text, index)
        assert chosen is not None, f"no option {text if text is not None else index!r} in #{select_id}"
        return chosen

    def set_value(self, element_id, value):
        """Types into a date or datetime field (their typed format depends on the browser's locale)."""
        self.driver.execute_script(
            "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
            "e.dispatchEvent(new Event('change', {bubbles: true}))", element_id, value)

    def submit(self, selector):
        """Clicks the submit button `selector` and waits for the next page."""
        button = self.driver.find_element(By.CSS_SELECTOR, selector)
        old = self.driver.find_element(By.TAG_NAME, "html")
        button.click()
        self.wait_for_next_page(old)

    def wait_for_next_page(self, old):
        """Waits until `old` (the previous page's root) is gone and the next page has loaded. Chromedriver may answer
        a look at a node of a page being replaced with an "unknown error" rather than a stale reference: both mean
        the page changed."""
        def gone(driver):
            try:
                old.is_enabled()
                return False
            except WebDriverException:
                return True
        WebDriverWait(self.driver, WAIT).until(gone)
        WebDriverWait(self.driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def heading(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text.strip()

    def main_text(self):
        return self.driver.find_element(By.TAG_NAME, "main").text

    def fetch(self, url):
        """The status, content type and first bytes of `url`, fetched by the page with its session."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer().then(b =>"
            " done([r.status, r.headers.get('content-type'), String.fromCharCode(...new Uint8Array(b.slice(0, 8))),"
            " b.byteLength]))).catch(e => done([0, String(e), '', 0]))", url)

    def own_account(self, skip=0):
        """The id and name of an account the logged-in manager owns (the accounts list's Owner column), after
        `skip` others."""
        self.open("/accounts")
        for row in self.driver.find_elements(By.CSS_SELECTOR, "table.data-table tbody tr"):
            if row.find_elements(By.XPATH, f"./td[normalize-space()='{MANAGER1}']"):
                if skip:
                    skip -= 1
                    continue
                link = row.find_element(By.CSS_SELECTOR, "a[href^='/accounts/']")
                return link.get_attribute("href").rstrip("/").split("/")[-1], link.text.strip().split("\n")[0]
        raise AssertionError(f"no account owned by {MANAGER1} on the first page of accounts")

    def leaderboard_row(self, name):
        """Kristine's (or `name`'s) rank and attainment on this month's leaderboard, reached from the Reports menu."""
        self.open("/reports")
        link = self.driver.find_element(By.CSS_SELECTOR, "#report-leaderboard h2 a")
        self.open(link.get_attribute("href").replace(BASE, ""))
        for row in self.driver.find_elements(By.CSS_SELECTOR, "table.data-table tbody tr"):
            cells = [c.text.strip() for c in row.find_elements(By.CSS_SELECTOR, "td, th")]
            if len(cells) >= 3 and cells[1] == name:
                return int(cells[0]), float(cells[2].rstrip("%").replace(",", ""))
        raise AssertionError(f"{name} is not on the leaderboard")

    # Journeys: sales

    def log_a_meeting(self):
        """A meeting with an account's contact, saved from the form, is on the meetings list."""
        self.width(DESKTOP)
        self.open("/meetings/new")
        self.driver.find_element(By.ID, "title").send_keys("Journey review meeting")
        self.set_value("starts_at", "2027-01-08T10:00")
        self.driver.find_element(By.ID, "place").send_keys("Makati office")
        account = self.choose("account_id", index=1)
        self.submit("form.form.card .form-actions button.button-primary")
        assert self.driver.find_element(By.ID, "title").get_attribute("value") == "Journey review meeting", \
            f"the saved meeting shows {self.heading()!r}"
        self.open("/meetings")
        rows = [r.text for r in self.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr, main li")]
        mine = [r for r in rows if "Journey review meeting" in r]
        assert mine, f"the meeting is not on the list: {rows[:5]}"
        assert account in mine[0] or "Makati office" in mine[0], f"the listed meeting reads {mine[0]!r}"

    def create_a_deal_and_win_it(self):
        """A deal made from the form for one of the manager's accounts is won on the board: its card's folded
        "Move" form (closed until opened) moves it to Won and comes back to the board, where it has left the open
        columns; the deal's page, the list of won deals and the board's Won column then show it."""
        self.width(DESKTOP)
        account, _ = self.own_account()
        self.open("/deals/new?account_id=" + account)
        self.driver.find_element(By.ID, "title").send_keys("Journey tablets order")
        self.driver.find_element(By.ID, "amount").send_keys("84000")
        self.submit("form.form.card .form-actions button.button-primary")
        assert "Journey tablets order" in self.heading(), f"the new deal's page reads {self.heading()!r}"
        deal = self.driver.current_url.replace(BASE, "").split("?")[0]
        deal_id = deal.rstrip("/").split("/")[-1]
        self.open("/deals?q=Journey+tablets")
        card = self.driver.find_element(By.XPATH, f"//article[@class='deal-card'][.//a[@href='{deal}']]")
        move = card.find_element(By.CSS_SELECTOR, "details.card-move")
        assert move.get_attribute("open") is None, "the card's move form is open before it is asked for"
        assert not card.find_element(By.ID, f"stage-{deal_id}").is_displayed(), "the card shows its stage list"
        move.find_element(By.TAG_NAME, "summary").click()
        self.choose(f"stage-{deal_id}", "Won")
        self.submit(f"form[action='{deal}/stage'] button[type=submit]")
        here = self.driver.current_url.replace(BASE, "")
        assert here.startswith("/deals?q=Journey"), f"moving the card led to {here!r}, not back to the board"
        open_cards = [a.get_attribute("href").replace(BASE, "") for a in
                      self.driver.find_elements(By.CSS_SELECTOR, ".board-column:not(.board-closed) .deal-card h3 a")]
        assert deal not in open_cards, "the won deal is still in an open column"
        self.open(deal)
        heading = self.heading()
        assert "won" in heading.lower() or "panalo" in heading.lower(), f"the won deal's heading reads {heading!r}"
        self.open("/deals/list?q=Journey+tablets&status=won")
        rows = [r.text for r in self.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")]
        assert any("Journey tablets order" in r and "Won" in r for r in rows), f"the deal list shows {rows[:3]}"
        self.open("/deals")
        columns = [c for c in self.driver.find_elements(By.CSS_SELECTOR, ".board-column")
                   if (c.get_attribute("aria-label") or "").startswith("Won")
                   or c.find_element(By.TAG_NAME, "h2").get_attribute("textContent").strip().startswith("Won")]
        assert columns, "the board has no Won column"
        cards = [a.get_attribute("textContent").strip() for a in
                 columns[0].find_elements(By.CSS_SELECTOR, ".deal-card a")]
        if cards:  # a Won column that lists its cards lists the new one (newest first)
            assert "Journey tablets order" in cards, f"the board's Won column lists {cards[:5]}"
        else:  # a summarised Won column links to its deals
            link = columns[0].find_element(By.CSS_SELECTOR, "a").get_attribute("href")
            self.open(link.replace(BASE, ""))
            assert "Journey tablets order" in self.main_text(), f"the Won column's link {link} does not list the deal"

    def draw_up_a_contract_and_send_it(self):
        """A contract drafted from the form for one of the manager's accounts and sent: it gets its number and
        leaves the draft state. "Send by email" goes through the outbox when email is set up; the demo has no SMTP
        server, so the refusal is checked (nothing numbered) and "Mark as sent" numbers it."""
        self.width(DESKTOP)
        account, _ = self.own_account(skip=1)
        self.open("/contracts/new?account_id=" + account)
        self.driver.find_element(By.ID, "title").send_keys("Journey support contract")
        self.choose("signatory_contact_id", index=1)
        self.driver.find_element(By.ID, "value").send_keys("120000")
        self.submit("form.form.card .form-actions button.button-primary")
        assert "Journey support contract" in self.heading(), f"the saved contract's page reads {self.heading()!r}"
        numbers = [n.text for n in self.driver.find_elements(By.CSS_SELECTOR, ".page-header .actions .nowrap")]
        assert not any(n.strip() for n in numbers), f"a draft contract already shows a number: {numbers}"
        draft_badge = self.driver.find_element(By.CSS_SELECTOR, "h1 .badge").text.strip()
        send = self.driver.find_elements(By.CSS_SELECTOR, "form[action$='/send'] button[name=delivery][value=email]")
        if not send:
            send = self.driver.find_elements(By.CSS_SELECTOR, "form[action$='/send'] button[type=submit]")
        assert send, "no Send on the draft contract"
        old = self.driver.find_element(By.TAG_NAME, "html")
        send[0].click()
        self.wait_for_next_page(old)
        # Without an SMTP server (the demo has none) emailing is refused with the reason on the page and nothing
        # numbered; "Mark as sent" then numbers the contract without an email.
        problems = [p.text for p in self.driver.find_elements(By.CSS_SELECTOR, ".alert-error")]
        mark = self.driver.find_elements(By.CSS_SELECTOR, "form[action$='/send'] button[name=delivery][value=none]")
        if problems and mark:
            assert not self.driver.find_elements(By.CSS_SELECTOR, ".page-header .actions .nowrap"), \
                "a refused email numbered the contract"
            old = self.driver.find_element(By.TAG_NAME, "html")
            mark[0].click()
            self.wait_for_next_page(old)
        number = self.driver.find_element(By.CSS_SELECTOR, ".page-header .actions .nowrap").text.strip()
        assert number, "the sent contract shows no number"
        badge = self.driver.find_element(By.CSS_SELECTOR, "h1 .badge").text.strip()
        assert badge != draft_badge, f"the contract is still {badge!r} after sending"
        errors = [n.text for n in self.driver.find_elements(By.CSS_SELECTOR, ".alert-error")]
        assert not errors, f"sending shows an error: {errors}"
        self.screenshot(f"{DESKTOP}-contract-sent")

    def issue_an_invoice_and_open_its_pdf(self):
        """A draft invoice for one of the manager's accounts gets a line and is issued (through the confirmation
        step when the page asks for one); its page shows the number and its PDF link answers a PDF."""
        self.width(DESKTOP)
        account, _ = self.own_account()
        self.open("/invoices/new?account_id=" + account)
        self.submit("form.form.card button.button-primary[type=submit]:not([name=pick])")
        self.driver.find_element(By.ID, "line-description").send_keys("Journey consulting")
        self.driver.find_element(By.ID, "line-quantity").send_keys("1")
        self.driver.find_element(By.ID, "line-price").send_keys("500000")
        self.submit("form[action$='/lines'] button[type=submit]")
        invoice = self.driver.current_url.replace(BASE, "").split("?")[0].split("#")[0]
        for _ in range(3):  # "Issue invoice", then the confirmation step where the page asks for one
            targets = [b for b in self.driver.find_elements(
                By.CSS_SELECTOR, "form[action$='/issue'] button[type=submit], main a.button[href*='confirm=issue']")
                if self.visible(b)]
            if not targets:
                break
            old = self.driver.find_element(By.TAG_NAME, "html")
            targets[0].click()
            self.wait_for_next_page(old)
        self.open(invoice)
        assert "INV-" in self.heading(), f"the issued invoice's heading is {self.heading()!r}"
        number = next(w for w in self.heading().split() if w.startswith("INV-"))
        pdf = self.driver.find_element(By.CSS_SELECTOR, "main a[href$='invoice.pdf']").get_attribute("href")
        status, kind, start, size = self.fetch(pdf)
        assert status == 200 and start.startswith("%PDF"), f"the PDF link answered {status} {kind} {start!r}"
        assert size > 1000, f"the PDF is {size} bytes"
        self.screenshot(f"{DESKTOP}-invoice-issued")
        return invoice, number

    def switch_to_filipino_and_see_no_english_labels(self):
        """In Filipino, no menu entry and no heading of the main pages is an English label: neither one of the known
        English words nor the English text of a key whose Filipino differs."""
        english = json.loads((LOCALES / "en.json").read_text(encoding="utf-8"))
        filipino = json.loads((LOCALES / "fil.json").read_text(encoding="utf-8"))
        missing = sorted(set(english) ^ set(filipino))
        assert not missing, f"keys in only one language: {missing[:10]}"
        untranslated = {v for k, v in english.items() if filipino.get(k) != v} | ENGLISH_LABELS
        self.width(DESKTOP)
        self.set_language("fil")
        try:
            offenders = []
            labels = [a.get_attribute("textContent").strip() for a in
                      self.driver.find_elements(By.CSS_SELECTOR, ".main-nav a, .nav-menu-button")]
            offenders += [f"menu: {label!r}" for label in labels if label in untranslated]
            for path in ("/my-day", "/accounts", "/contacts", "/leads", "/deals", "/quotes", "/contracts", "/invoices",
                         "/receivables", "/collections/calls", "/reports", "/meetings", "/products", "/profile"):
                self.open(path)
                for h in self.driver.find_elements(By.CSS_SELECTOR, "main h1, main h2, main th"):
                    text = h.get_attribute("textContent").strip()
                    if text in untranslated:
                        offenders.append(f"{path}: {h.tag_name} {text!r}")
            assert not offenders, f"English in Filipino: {offenders}"
            self.screenshot(f"{DESKTOP}-filipino-reports")
        finally:
            self.set_language("en")

    def set_language(self, code):
        self.open("/profile")
        self.driver.find_element(By.CSS_SELECTOR, f"#language option[value='{code}']").click()
        self.driver.find_element(By.ID, "language").submit()
        WebDriverWait(self.driver, WAIT).until(
            lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == code)

    def reports_menu_lists_the_reports(self, role):
        """The menu's Reports entry lists the report pages; each opens."""
        self.width(PHONE)
        self.open("/my-day")
        self.driver.find_element(By.CSS_SELECTOR, "summary.nav-menu-button").click()
        entry = self.driver.find_element(By.CSS_SELECTOR, ".main-nav a[href='/reports']")
        WebDriverWait(self.driver, WAIT).until(lambda d: self.visible(entry))
        old = self.driver.find_element(By.TAG_NAME, "html")
        entry.click()
        self.wait_for_next_page(old)
        assert self.heading() == "Reports", f"the Reports entry opened {self.heading()!r}"
        links = [(a.text.strip(), a.get_attribute("href")) for a in
                 self.driver.find_elements(By.CSS_SELECTOR, ".report-list h2 a")]
        names = [n for n, _ in links]
        for expected in ("Overdue customers per manager", "Why customers pay late", "Invoices unpaid past their term",
                         "Leaderboard"):
            assert expected in names, f"{expected!r} is not on the {role}'s reports page: {names}"
        assert ("Head's dashboard" in names) == (role == "head"), f"the {role}'s reports: {names}"
        for name, href in links:
            self.open(href.replace(BASE, ""))
            assert not self.driver.find_elements(By.CSS_SELECTOR, ".error-status"), f"{name} is an error page"
        self.screenshot(f"{PHONE}-reports-{role}")

    # Journeys: money

    def record_a_payment(self, account_path, invoice_number):
        """The accountant records ₱1,000.00 against the invoice: the payment page names the invoice and the invoice
        page shows what is left to pay."""
        self.width(DESKTOP)
        account_id = account_path.rstrip("/").split("/")[-1]
        self.open(f"/payments/new?account_id={account_id}")
        self.driver.find_element(By.ID, "amount").send_keys("1000.00")
        self.choose("allocations-0-invoice", invoice_number)
        self.driver.find_element(By.ID, "allocations-0-amount").send_keys("1000.00")
        Select(self.driver.find_element(By.ID, "allocations-0-withholding")).select_by_value("none")
        self.driver.find_element(By.ID, "reference").send_keys("JOURNEY-PAY-1")
        self.submit("form.form.card .form-actions button.button-primary")
        assert "/payments/" in self.driver.current_url, f"recording the payment stayed on {self.driver.current_url}"
        text = self.main_text()
        assert invoice_number in text and "1,000.00" in text, f"the payment page does not show the allocation: {text[:300]}"
        self.screenshot(f"{DESKTOP}-payment-recorded")

    def confirm_a_statement_match(self):
        """The accountant takes the review queue's line whose remittance names an invoice number, finds the customer
        through the global search, picks that invoice on the line and confirms: the line leaves the queue and the
        payment page names the invoice."""
        self.width(DESKTOP)
        self.open("/bank-statements/queue")
        line, number = None, None
        for row in self.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr"):
            named = re.search(r"INV-\d{4}-\d+", row.text)
            if named and not row.find_elements(By.CSS_SELECTOR, ".badge"):
                line = row.find_element(By.CSS_SELECTOR, "a[href$='/confirm']").get_attribute("href").replace(BASE, "")
                number = named.group(0)
                break
        assert line, "no line of the review queue names an invoice"
        self.open("/search?q=" + number)
        invoice = self.driver.find_element(By.CSS_SELECTOR, "main a[href^='/invoices/']").get_attribute("href")
        self.open(invoice.replace(BASE, ""))
        account = self.driver.find_element(By.CSS_SELECTOR, "main a[href^='/accounts/']").get_attribute("href")
        account_id = account.rstrip("/").split("/")[-1]
        self.open(account.replace(BASE, ""))
        customer = self.heading().split("\n")[0]
        self.open(line)
        self.driver.find_element(By.ID, "pick_q_account_id").send_keys(customer)
        self.submit("button[name=pick]")
        Select(self.driver.find_element(By.ID, "account_id")).select_by_value(account_id)
        self.submit("button[name=action][value=invoices]")
        self.choose("allocations-0-invoice", number)
        self.screenshot(f"{DESKTOP}-statement-match")
        self.submit("form.form.card .form-actions button.button-primary")
        errors = [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, ".alert-error, .field-error")]
        assert not errors, f"confirming the line was refused: {errors}"
        assert number in self.main_text(), f"the page after confirming does not name {number}"
        self.open("/bank-statements/queue")
        left = [a.get_attribute("href").replace(BASE, "") for a in
                self.driver.find_elements(By.CSS_SELECTOR, "main a[href$='/confirm']")]
        assert line not in left, "the confirmed line is still in the review queue"

    def log_a_collection_call_with_a_promise(self):
        """A manager logs the first call to make: the customer promises to pay ₱5,000.00 in a week; the call leaves
        the list and the account's page shows the call."""
        self.width(PHONE)
        self.open("/collections/calls")
        card = self.driver.find_element(By.CSS_SELECTOR, "main section.card form[action$='/outcome']")
        section = card.find_element(By.XPATH, "./ancestor::section[1]")
        account = section.find_element(By.CSS_SELECTOR, "h2 a")
        name, account_url = account.text.strip(), account.get_attribute("href")
        action = card.get_attribute("action")
        Select(card.find_element(By.NAME, "reason")).select_by_value("cash_flow_problem")
        promised = card.find_element(By.NAME, "promised_on")
        due = self.driver.execute_script(
            "const d = new Date(arguments[0].min || new Date().toISOString().slice(0, 10));"
            "d.setDate(d.getDate() + 7); return d.toISOString().slice(0, 10)", promised)
        self.driver.execute_script("arguments[0].value = arguments[1]", promised, due)
        card.find_element(By.NAME, "promised_amount").send_keys("5000.00")
        card.find_element(By.NAME, "note").send_keys("Journey: pays next week")
        self.screenshot(f"{PHONE}-collection-call")
        old = self.driver.find_element(By.TAG_NAME, "html")
        card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait_for_next_page(old)
        errors = [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, ".alert-error, .field-error")]
        assert not errors, f"logging the call was refused: {errors}"
        self.open("/collections/calls")
        actions = [f.get_attribute("action") for f in
                   self.driver.find_elements(By.CSS_SELECTOR, "main form[action$='/outcome']")]
        assert action not in actions, f"the call on {name} is still to make"
        self.open(account_url.replace(BASE, ""))
        text = self.main_text()
        assert "Journey: pays next week" in text, f"{name}'s page does not show the logged call"

    def approve_a_commission_statement(self):
        """The head runs this month's commission and approves a draft statement: it then reads Approved and offers
        no approval."""
        self.width(DESKTOP)
        self.open("/commission")
        self.submit("#commission-run")
        statements = [a.get_attribute("href") for a in
                      self.driver.find_elements(By.CSS_SELECTOR, "main a[href*='/commission/statements/']")
                      if "/pdf" not in a.get_attribute("href") and "/csv" not in a.get_attribute("href")]
        assert statements, "the run made no statements"
        for statement in statements:
            self.open(statement.replace(BASE, ""))
            if self.driver.find_elements(By.ID, "commission-approve"):
                self.submit("#commission-approve")
                self.open(statement.replace(BASE, ""))
                assert not self.driver.find_elements(By.ID, "commission-approve"), "the approved statement offers approval"
                assert "Approved" in self.main_text(), "the statement does not read Approved"
                self.screenshot(f"{DESKTOP}-commission-approved")
                return
        raise AssertionError("no draft statement to approve")

    # Accessibility and screenshots of the main pages

    def main_pages_are_accessible(self, role, pages):
        """The accessibility check on each page at both widths, with a screenshot of each."""
        offenders = []
        for width in (PHONE, DESKTOP):
            self.width(width)
            for name, path in pages:
                self.open(path)
                for problem in self.driver.execute_script(ACCESSIBILITY_JS):
                    offenders.append(f"{name} at {width} px: {problem}")
                self.screenshot(f"{width}-{role}-{name}")
        assert not offenders, f"{len(offenders)} accessibility problems: " + "; ".join(offenders[:12])

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
        self.step("a meeting is logged and listed", self.log_a_meeting)
        self.step("a new deal is won on the board and shows in the board's Won column", self.create_a_deal_and_win_it)
        self.step("a contract is drawn up and sent: it gets its number", self.draw_up_a_contract_and_send_it)
        self.step("the Reports menu entry lists the manager's reports and each opens",
                  lambda: self.reports_menu_lists_the_reports("manager"))
        self.step("in Filipino the menu and the main pages' headings show no English label",
                  self.switch_to_filipino_and_see_no_english_labels)
        self.step("the main pages pass the accessibility check at both widths (manager)",
                  lambda: self.main_pages_are_accessible("manager", self.manager_pages()))

        issued = {}

        def leaderboard_before():
            self.login("head@demo.test")
            issued["before"] = self.leaderboard_row(MANAGER1)

        def invoice():
            self.login("manager1@demo.test")
            issued["invoice"], issued["number"] = self.issue_an_invoice_and_open_its_pdf()
            issued["account"] = self.driver.find_element(
                By.CSS_SELECTOR, "main a[href^='/accounts/']").get_attribute("href").replace(BASE, "")

        def leaderboard_after():
            self.login("head@demo.test")
            before, after = issued["before"], self.leaderboard_row(MANAGER1)
            assert after[1] > before[1], f"{MANAGER1}'s attainment did not rise: {before[1]}% then {after[1]}%"
            assert after[0] <= before[0], f"{MANAGER1} fell from rank {before[0]} to {after[0]}"
            self.screenshot(f"{DESKTOP}-leaderboard-moved")

        self.step("the head reads the leaderboard", leaderboard_before)
        self.step("an invoice is issued and its PDF link answers a PDF", invoice)
        self.step("the leaderboard moves: the manager's attainment rises with the new invoice", leaderboard_after)
        self.step("the head approves a commission statement", self.approve_a_commission_statement)
        self.step("the Reports menu entry lists the head's reports, the dashboard too",
                  lambda: self.reports_menu_lists_the_reports("head"))
        self.step("the head's pages pass the accessibility check at both widths",
                  lambda: self.main_pages_are_accessible("head", HEAD_PAGES))
        self.step("the accountant records a payment against the new invoice",
                  lambda: (self.login("accountant@demo.test"),
                           self.record_a_payment(issued["account"], issued["number"])))
        self.step("the accountant confirms a match from the review queue", self.confirm_a_statement_match)
        self.step("the accountant's pages pass the accessibility check at both widths",
                  lambda: self.main_pages_are_accessible("accountant", ACCOUNTANT_PAGES))
        self.step("a manager logs a collection call with a promise to pay",
                  lambda: (self.login("manager1@demo.test"), self.log_a_collection_call_with_a_promise()))
        self.step("another manager's account is the 404 page", self.another_managers_account_is_not_found)
        self.step("the error page and the login page pass the accessibility check at both widths",
                  self.error_and_login_pages_are_accessible)

    def error_and_login_pages_are_accessible(self):
        self.main_pages_are_accessible("manager", [("not-found", "/accounts/01a00000-0000-7000-8000-000000000000")])
        self.driver.delete_all_cookies()
        self.main_pages_are_accessible("visitor", [("login", "/login")])

    def manager_pages(self):
        """The main pages a manager works in, with one record of each kind."""
        def first(path, prefix):
            return self.first_link(path, f"table.data-table tbody a[href^='{prefix}']").replace(BASE, "")
        return [
            ("my-day", "/my-day"), ("accounts", "/accounts"), ("account", first("/accounts", "/accounts/")),
            ("contacts", "/contacts"), ("leads", "/leads"), ("lead", first("/leads", "/leads/")),
            ("deals", "/deals"), ("deal", first("/deals/list", "/deals/")), ("quotes", "/quotes"),
            ("quote", first("/quotes", "/quotes/")), ("contracts", "/contracts"),
            ("contract", first("/contracts", "/contracts/")), ("invoices", "/invoices"),
            ("invoice", first("/invoices", "/invoices/")), ("receivables", "/receivables"),
            ("collection-calls", "/collections/calls"), ("late-payments", "/collections/late-payments"),
            ("reports", "/reports"), ("search", "/search?q=Journey"), ("meeting-new", "/meetings/new"),
            ("profile", "/profile"),
        ]


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
