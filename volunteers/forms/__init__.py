"""The register's forms, one module per concept; here what they share."""


def keep_hidden_choices(field, chosen, current):
    """The chosen objects plus those already linked that the user cannot see (and so cannot unlink)."""
    hidden = current.exclude(pk__in=field.queryset.values("pk"))
    return [*chosen, *hidden]
