"""The organisation's logo in the header (issue 15): public, as the pages that show the header to anyone."""

from django.core.files.base import ContentFile

from tests.matrix import PUBLIC

# The smallest PNG there is: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def with_logo(region):
    """The organisation gets a logo first (the every-page test then sees it in the header of later pages)."""
    region.organisation.logo.save("logo.png", ContentFile(PNG))
    return {"pk": region.organisation.pk}


ENTRIES = {
    "organisation_logo": (with_logo, PUBLIC),
}
