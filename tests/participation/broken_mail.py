from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("connection refused")


class SlowBackend(BaseEmailBackend):
    """A mail server that takes far longer to answer than any visitor would wait."""

    def send_messages(self, email_messages):
        import time

        time.sleep(5)
        return len(email_messages)
