"""`{% join_button society %}`: what a society's page offers the reader — 申请入会 to a visitor or a
non-member, "已是会员" to a member, the pending state (and its withdrawal) to an applicant. Nothing to CAST
or the regulator, and nothing while the society takes no applications."""

from django import template

from ..selectors import join_state

register = template.Library()


@register.inclusion_tag("members/partials/join_button.html", takes_context=True)
def join_button(context, society):
    request = context.get("request")
    user = getattr(request, "user", None)
    reach = context.get("reach")
    hidden = society.status != "active" or (reach is not None and (reach.cast_admin or reach.regulator))
    return {"society": society, "hidden": hidden, **({} if hidden else join_state(user, society))}
