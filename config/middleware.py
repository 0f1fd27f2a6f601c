import time

from django.conf import settings
from django.contrib.auth import logout

SESSION_STARTED_KEY = "session_started_at"


class SessionLifetimeMiddleware:
    """End a signed-in session SESSION_MAX_LIFETIME after it began, however active it was.

    The idle limit is the session cookie's own age (renewed on every request); this adds the
    absolute limit that Django lacks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_MAX_LIFETIME.total_seconds():
                logout(request)
        return self.get_response(request)
