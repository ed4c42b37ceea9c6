"""Content-Security-Policy violations a page reports in Chromium, gathered for a test to assert
there are none (a blocked script or style would silently take a feature away)."""

from __future__ import annotations

from typing import Any

REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cordeeCspViolation(
    `${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` (${event.sourceFile || "page"}:${event.lineNumber})`
  );
});
"""


async def watch_csp(context: Any) -> list[str]:
    """Every violation in the pages of ``context`` from now on: the event each page fires, and
    the console error Chromium writes (in case a page is gone before the event is reported)."""
    violations: list[str] = []

    def report(text: str) -> None:
        violations.append(text)

    await context.expose_function("cordeeCspViolation", report)
    await context.add_init_script(REPORTER)

    def on_console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", on_console)
    return violations
