class RegistrationError(Exception):
    """A sign-up or cancellation refused by a rule; the message is translated and ready to show.

    `code` lets a view react to the kind of refusal ("full", "closed", ...) without
    parsing the message.
    """

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)
