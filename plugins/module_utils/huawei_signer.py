# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AK/SK request signing (``SDK-HMAC-SHA256``) for Huawei Cloud and Open Telekom Cloud APIs.

Written from the published algorithm; a unit test proves it byte-for-byte
equal to the official ``huaweicloudsdkcore`` signer. The API gateway
recomputes the signature over the headers named in ``SignedHeaders``, the
decoded path and the decoded query, so both sides must canonicalize alike:

    canonical request = METHOD \\n URI/ \\n sorted query \\n name:value\\n... \\n names \\n hex(sha256(body))
    string to sign    = SDK-HMAC-SHA256 \\n X-Sdk-Date \\n hex(sha256(canonical request))
    signature         = hex(hmac-sha256(secret key, string to sign))
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
# Bodies that are not JSON are left out of the signature and say so in this header.
CONTENT_HASH_HEADER = "X-Sdk-Content-Sha256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
SIGNED_CONTENT_TYPES = ("application/json", "application/bson")
EMPTY_BODY_HASH = hashlib.sha256(b"").hexdigest()


def encode(text):
    """Percent-encode everything but unreserved characters; space becomes %20, never +."""
    return quote(text, safe="~")


def canonical_uri(path):
    """Each segment of the decoded path encoded again, always ending in ``/``."""
    uri = "/".join(encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(pairs):
    """``k=v`` pairs of the decoded query, sorted by key then value, joined by ``&``."""
    return "&".join("%s=%s" % (encode(key), encode(value)) for key, value in sorted(pairs))


def query_pairs(url):
    """The decoded (key, value) pairs of a URL's query (``+`` read as a space)."""
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def canonical_url(url):
    """The URL with its query in canonical form: what is signed is exactly what is sent."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, canonical_query(query_pairs(url)), ""))


def signed_header_names(headers):
    """Lower-cased names of the headers to sign: all of them but names containing ``_``."""
    return sorted(name.lower() for name in headers if "_" not in name)


def _header(headers, name):
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def payload_hash(headers, body):
    if not body:
        return EMPTY_BODY_HASH
    return _header(headers, CONTENT_HASH_HEADER) or hashlib.sha256(body).hexdigest()


def canonical_request(method, url, headers, body):
    """The text that is hashed and signed, and the list of signed header names."""
    names = signed_header_names(headers)
    values = {key.lower(): str(value).strip() for key, value in headers.items()}
    parts = urlsplit(url)
    text = "\n".join((
        method.upper(),
        canonical_uri(parts.path or "/"),
        canonical_query(query_pairs(url)),
        "".join("%s:%s\n" % (name, values[name]) for name in names),
        ";".join(names),
        payload_hash(headers, body),
    ))
    return text, names


def sign(access_key, secret_key, method, url, headers=None, body=b"", now=None):
    """Return a copy of ``headers`` completed and signed for this request.

    ``Host`` (from the URL, port included), ``X-Sdk-Date`` (``now`` or the
    current UTC time) and, for a body that is not JSON, the unsigned-payload
    marker are added when missing; then ``Authorization`` is set. The URL's
    query must be sent as ``canonical_url()`` returns it.
    """
    headers = dict(headers or {})
    if isinstance(body, str):
        body = body.encode("utf-8")
    body = body or b""
    content_type = _header(headers, "Content-Type")
    if content_type and not content_type.startswith(SIGNED_CONTENT_TYPES):
        headers[CONTENT_HASH_HEADER] = UNSIGNED_PAYLOAD
    date = _header(headers, DATE_HEADER)
    if date is None:
        date = (now or datetime.now(timezone.utc)).strftime(DATE_FORMAT)
        headers[DATE_HEADER] = date
    if _header(headers, "Host") is None:
        headers["Host"] = urlsplit(url).netloc
    text, names = canonical_request(method, url, headers, body)
    string_to_sign = "%s\n%s\n%s" % (ALGORITHM, date, hashlib.sha256(text.encode("utf-8")).hexdigest())
    signature = hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    headers["Authorization"] = "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, access_key, ";".join(names), signature)
    return headers
