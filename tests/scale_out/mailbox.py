"""The e-mail backend of the scale-out test's servers and workers: Django's file backend, one directory for all.

Every process that sends (two app servers, two task workers) appends to files in SCALE_OUT_MAIL_DIR, so the test
reads one mailbox and can count each message exactly once whichever process sent it.
"""

import email
import email.policy
import os
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBasedBackend

# The file backend writes each message followed by a line of 79 dashes.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


class EmailBackend(FileBasedBackend):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("file_path", os.environ["SCALE_OUT_MAIL_DIR"])
        super().__init__(*args, **kwargs)


def read_mailbox(directory):
    """Every message in ``directory`` as an email.message.EmailMessage, in no particular order."""
    messages = []
    for path in sorted(Path(directory).glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.lstrip(b"\n"), policy=email.policy.default))
    return messages


def text_of(message):
    body = message.get_body(preferencelist=("plain", "html"))
    return body.get_content() if body is not None else ""
