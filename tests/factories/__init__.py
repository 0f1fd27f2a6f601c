"""factory_boy factories for every app; each app's live in a module of its own here."""

from tests.factories.agreements import *  # noqa: F403
from tests.factories.partners import *  # noqa: F403
from tests.factories.users import *  # noqa: F403
from tests.factories.visits import *  # noqa: F403
