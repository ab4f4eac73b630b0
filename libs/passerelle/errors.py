"""Errors the use cases raise, understood the same way by every service's HTTP layer."""


class DomainError(Exception):
    """Base of the errors a use case raises on purpose."""


class NotFound(DomainError):
    """No such thing for this tenant (also what another tenant's id looks like: never a 403)."""

    def __init__(self, what: str):
        super().__init__(f"{what} not found")
        self.what = what


class InvalidTransition(DomainError):
    """The requested change is not allowed from the current state."""

    def __init__(self, message: str, *, current_state: str):
        super().__init__(message)
        self.current_state = current_state


class InvalidInput(DomainError):
    """A value the API accepted in form but the domain refuses; answered as a 422 on `field`."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason
