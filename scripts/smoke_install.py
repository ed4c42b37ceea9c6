"""Drive a running Cordée the way the demo's coordinator would, and fail loudly on any step.

Usage: python scripts/smoke_install.py http://127.0.0.1:PORT [--timeout 180]

Run by scripts/smoke-install against the installed wheel (``tenders migrate``, ``tenders demo``,
``tenders serve``): log in, open the consortia, compile the demo consortium's package, download
the ZIP and open each Word document, then open a few pages of each domain."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import zipfile
from io import BytesIO

import httpx
from docx import Document

EMAIL = "coordination@phare.example"
PASSWORD = "phare-demo-2026"  # noqa: S105 - the demo's published password
DEMO_TENDER = "Espaces verts et location solidaire de vélos (démonstration)"
DEMO_MEMBERS = 3  # Poinfor, A.C.I.A.E and Capep (tenders/demo/bid_loader.py)
PAGES = ["/", "/consultations", "/structures", "/modeles", "/collectif", "/echeances"]


class SmokeFailure(Exception):
    pass


def step(message: str) -> None:
    print(f"  - {message}", flush=True)


def expect(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def get_ok(client: httpx.Client, path: str) -> httpx.Response:
    """GET ``path``, following redirects as a browser does; the page must answer 200."""
    response = client.get(path, follow_redirects=True)
    expect(
        response.status_code == 200,
        f"GET {path} answered {response.status_code} instead of 200:\n{response.text[:2000]}",
    )
    if path != "/connexion":
        expect(response.url.path != "/connexion", f"GET {path} sent back to the login page")
    return response


def form_token(html: str, path: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    expect(found, f"no CSRF field in the form of {path}")
    assert found is not None
    return found.group(1)


def wait_until_up(client: httpx.Client, timeout: float, server_pid: int | None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.get("/connexion")
            return
        except httpx.TransportError as exc:
            if server_pid is not None and not _alive(server_pid):
                raise SmokeFailure("the server exited before answering (see its log)") from exc
            if time.monotonic() > deadline:
                raise SmokeFailure(
                    f"the server did not answer within {timeout:.0f} s: {exc}"
                ) from exc
            time.sleep(0.3)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def log_in(client: httpx.Client) -> None:
    login = get_ok(client, "/connexion")
    expect("Connexion à Cordée" in login.text, "/connexion is not the login page")
    expect(client.cookies.get("cordee_csrf"), "the login page set no CSRF cookie")
    response = client.post(
        "/connexion",
        data={
            "email": EMAIL,
            "password": PASSWORD,
            "suivant": "/",
            "_csrf_token": form_token(login.text, "/connexion"),
        },
    )
    expect(
        response.status_code in (302, 303),
        f"logging in as {EMAIL} answered {response.status_code}:\n{response.text[:2000]}",
    )
    home = get_ok(client, "/")
    expect("Se déconnecter" in home.text, "after logging in, the home page shows no log-out")
    step(f"logged in as {EMAIL}")


def demo_consortium(client: httpx.Client) -> int:
    listing = get_ok(client, "/groupements")
    found = re.search(r'<a href="/groupements/(\d+)">' + re.escape(DEMO_TENDER), listing.text)
    expect(found, f"/groupements lists no consortium for « {DEMO_TENDER} »")
    assert found is not None
    consortium_id = int(found.group(1))
    step(f"consortium list opened; the demo consortium is n° {consortium_id}")
    return consortium_id


def compile_package(client: httpx.Client, consortium_id: int, timeout: float) -> str:
    path = f"/groupements/{consortium_id}"
    page = get_ok(client, path)
    expect("Compiler le dossier</button>" in page.text, f"{path} offers no compile button")
    response = client.post(f"{path}/compiler", data={"_csrf_token": form_token(page.text, path)})
    expect(
        response.status_code in (302, 303),
        f"POST {path}/compiler answered {response.status_code}:\n{response.text[:2000]}",
    )
    page = get_ok(client, path)
    found = re.search(r'data-job-url="(/api/compile-jobs/\d+)"', page.text)
    if found is None:
        expect("Dernière compilation terminée" in page.text, f"{path} shows no compile job")
        job_url = None
    else:
        job_url = found.group(1)
    step("compile started")

    deadline = time.monotonic() + timeout
    started = time.monotonic()
    while job_url is not None:
        job = client.get(job_url)
        expect(job.status_code == 200, f"GET {job_url} answered {job.status_code}")
        state = job.json()
        if state["status"] == "done":
            step(f"compile done in {time.monotonic() - started:.1f} s ({state['total']} documents)")
            return str(state["download_url"])
        expect(state["status"] != "failed", f"the compile failed: {state.get('error')}")
        expect(
            time.monotonic() < deadline,
            f"the compile is still « {state['status']} » after {timeout:.0f} s "
            f"({state['done']}/{state['total']}): is the local worker running?",
        )
        time.sleep(0.5)
    return f"{path}/dossiers/1/zip"


def check_zip(client: httpx.Client, url: str) -> None:
    response = get_ok(client, url)
    expect(
        response.headers.get("content-type") == "application/zip",
        f"{url} is not a ZIP: {response.headers.get('content-type')}",
    )
    archive = zipfile.ZipFile(BytesIO(response.content))
    names = archive.namelist()

    def named(pattern: str) -> list[str]:  # « 01_DC1.docx », « 02_DC2_Capep.docx »…
        return [n for n in names if re.fullmatch(r"\d+_" + pattern + r"\.docx", n, re.I)]

    expect(len(named("DC1")) == 1, f"no DC1 in the ZIP: {names}")
    expect(len(named("M[ée]moire.*")) == 1, f"no mémoire technique in the ZIP: {names}")
    dc2 = named("DC2_.+")
    expect(len(dc2) == DEMO_MEMBERS, f"{len(dc2)} DC2 for {DEMO_MEMBERS} members: {names}")
    documents = [n for n in names if n.endswith(".docx")]
    for name in documents:
        try:
            document = Document(BytesIO(archive.read(name)))
        except Exception as exc:
            raise SmokeFailure(f"{name} does not open as a Word document: {exc!r}") from exc
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
        expect(text.strip(), f"{name} has no text")
        expect("{{" not in text and "{%" not in text, f"{name} kept template tags:\n{text[:800]}")
    step(f"ZIP downloaded: {len(names)} files, {len(documents)} Word documents open")


def check_pages(client: httpx.Client) -> None:
    for path in PAGES:
        response = get_ok(client, path)
        expect("<h1" in response.text, f"{path} has no heading")
    css = get_ok(client, "/static/cordee.css")
    expect(css.content.strip(), "/static/cordee.css is empty")
    missing = client.get("/cette-page-n-existe-pas")
    expect(
        missing.status_code == 404 and "<h1" in missing.text,
        f"an unknown page answered {missing.status_code}, not the 404 page:\n{missing.text[:800]}",
    )
    step(f"pages render: {', '.join(PAGES)}, a static file and the 404 page")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base_url")
    parser.add_argument("--timeout", type=float, default=180.0, help="compile timeout (s)")
    parser.add_argument("--server-pid", type=int, help="stop waiting if this process exits")
    args = parser.parse_args()
    with httpx.Client(base_url=args.base_url, timeout=30.0) as client:
        try:
            wait_until_up(client, 60.0, args.server_pid)
            log_in(client)
            consortium_id = demo_consortium(client)
            check_zip(client, compile_package(client, consortium_id, args.timeout))
            check_pages(client)
        except (SmokeFailure, httpx.HTTPError) as exc:
            print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
