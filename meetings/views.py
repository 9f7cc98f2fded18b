from django.shortcuts import render

from volunteers.access import ORGANISATION_WIDE_ROLES, get_scoped_or_404, role_required, scoped

from .models import Body


@role_required(*ORGANISATION_WIDE_ROLES)
def body_list(request):
    bodies = scoped(Body.objects.with_member_count(), request)
    return render(request, "meetings/body_list.html", {"bodies": bodies})


@role_required(*ORGANISATION_WIDE_ROLES)
def body_detail(request, pk):
    body = get_scoped_or_404(request, Body.objects.all(), pk=pk)
    return render(request, "meetings/body_detail.html", {"body": body, "memberships": body.memberships.all()})
