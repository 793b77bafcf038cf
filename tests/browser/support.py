"""Helpers for the browser tests."""


class CspWatch:
    """Content-Security-Policy violations and console errors seen by a page."""

    SCRIPT = """
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
        const where = `${e.sourceFile}:${e.lineNumber}`;
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${where}`);
    });
    """

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(self.SCRIPT)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    def _on_console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.console.append(f"{message.type}: {message.text} ({message.location.get('url', '')})")

    def errors(self, *, ignore: tuple[str, ...] = ()) -> list[str]:
        """Console errors, except those mentioning one of ``ignore``."""
        return [line for line in self.console if not any(text in line for text in ignore)]

    def violations(self) -> list[str]:
        in_page = self.page.evaluate("window.__cspViolations || []")
        in_console = [line for line in self.console if "Content Security Policy" in line or "Content-Security" in line]
        return [*in_page, *in_console]


def admin_login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def autocomplete(page, container: str, text: str, choice: str) -> None:
    """Pick ``choice`` in the admin's select2 autocomplete inside ``container``."""
    page.locator(f"{container} .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=choice).click()
