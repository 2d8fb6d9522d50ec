from django.test import RequestFactory

from xingping.cases.ratelimit import client_address


def test_without_proxies_the_peer_address_counts(settings):
    settings.XINGPING_PROXY_HOPS = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.5"


def test_behind_nginx_the_address_nginx_saw_counts_not_what_the_client_claims(settings):
    settings.XINGPING_PROXY_HOPS = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "10.0.0.2"
