from tenders.web.hosts import AllowedHostsMiddleware, host_without_port


async def _app(scope: object, receive: object, send: object) -> None:  # pragma: no cover
    return None


def test_port_and_case_are_ignored() -> None:
    middleware = AllowedHostsMiddleware(_app, ["cordee.example.org", "127.0.0.1", "::1"])
    assert middleware.allowed("Cordee.Example.org:443")
    assert middleware.allowed("127.0.0.1:8000")
    assert middleware.allowed("[::1]:8000")
    assert not middleware.allowed("cordee.example.org.evil.example")
    assert not middleware.allowed("")


def test_wildcard_subdomains() -> None:
    middleware = AllowedHostsMiddleware(_app, ["*.phare.example"])
    assert middleware.allowed("cordee.phare.example")
    assert not middleware.allowed("phare.example.evil")
    assert host_without_port("[::1]") == "::1"
