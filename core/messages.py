"""Messages that say what happened (issue 16): after a workflow step the page names the object and who
was told, "已批准备案《学术年会》，已通知张秘书。" — never a bare "操作完成。".

`outcome(text, notified=...)` appends who a mail went to; `person_name(user)` is how a user is named in
such a message (their full name, else their login). Every app's views build their sentence with their
own translatable text and pass it here.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from core.roles import Role


def person_name(user) -> str:
    if user is None:
        return _("System")
    return user.get_full_name() or user.get_username()


def cast_reviewers() -> list:
    """The active CAST administrators with a mail address: who a submitted filing is sent to."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CAST_ADMIN)
        .exclude(email="")
        .distinct()
        .order_by("pk")[:4]
    )


def names(people: Iterable, limit: int = 3) -> str:
    """ "张秘书、李秘书 等 5 人": at most `limit` names, then how many in all."""
    listed = [person_name(p) if not isinstance(p, str) else p for p in people]
    listed = [n for n in dict.fromkeys(listed) if n]
    if len(listed) <= limit:
        return "、".join(listed)
    return _("%(names)s and %(n)d others") % {"names": "、".join(listed[:limit]), "n": len(listed) - limit}


def outcome(text: str, *, notified: Iterable = ()) -> str:
    """`text` (a full sentence naming the object), then who was notified, if anyone."""
    who = names(notified)
    if not who:
        return text
    return _("%(text)s %(people)s notified.") % {"text": text.rstrip("。."), "people": who}
