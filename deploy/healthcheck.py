"""Container health check: asks the app's /healthz from inside the container, as the proxy would, and exits 0 on 200.

The request carries a host from ALLOWED_HOSTS (Django refuses others) and says it came over HTTPS (the TLS proxy's
X-Forwarded-Proto, trusted with BEHIND_TLS_PROXY), so production settings answer instead of redirecting to https://.
"""

import http.client
import os
import sys


def probe_host():
    hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
    # ".example.org" allows every subdomain; the bare domain is one of them.
    return next((host.lstrip(".") for host in hosts if host != "*"), "localhost")


def main():
    connection = http.client.HTTPConnection("127.0.0.1", int(os.environ.get("PORT", "8000")), timeout=4)
    try:
        connection.request("GET", "/healthz", headers={"Host": probe_host(), "X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
    except OSError:
        return 1
    finally:
        connection.close()
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
