"""Read back the PDFs that WeasyPrint writes, with the standard library only, for tests.

Enough of PDF for WeasyPrint's own output (object streams, Flate-compressed streams, Type0 fonts with
ToUnicode maps): the text of each page in order, the page count, and every object's source with its
streams inflated, where a test looks for the structure tree and the XMP metadata.
"""

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*(stream\r?\n)?", re.S)
_REF = rb"(\d+) 0 R"


class Pdf:
    def __init__(self, data):
        self.objects = {}  # number -> dictionary source (bytes)
        self.streams = {}  # number -> inflated stream content
        for match in _OBJECT.finditer(data):
            number, dictionary = int(match.group(1)), match.group(2)
            self.objects[number] = dictionary
            if match.group(3):
                length = int(re.search(rb"/Length (\d+)", dictionary).group(1))
                content = data[match.end() : match.end() + length]
                self.streams[number] = zlib.decompress(content) if b"FlateDecode" in dictionary else content
        for number, dictionary in list(self.objects.items()):
            if b"/ObjStm" in dictionary:
                self._unpack(self.streams[number], int(re.search(rb"/First (\d+)", dictionary).group(1)))

    def _unpack(self, content, first):
        numbers = [int(n) for n in content[:first].split()]
        pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
        for index, (number, offset) in enumerate(pairs):
            end = pairs[index + 1][1] if index + 1 < len(pairs) else len(content) - first
            self.objects[number] = content[first + offset : first + end]

    @property
    def source(self):
        """Every object and inflated stream, for looking up markers such as /StructTreeRoot."""
        return b"\n".join([*self.objects.values(), *self.streams.values()])

    def _ref(self, number, key):
        found = re.search(rb"/" + key + rb"\s+" + _REF, self.objects[number])
        return int(found.group(1)) if found else None

    @property
    def pages(self):
        """Page object numbers in reading order."""
        catalog = next(n for n, source in self.objects.items() if b"/Type /Catalog" in source)
        kids = re.search(rb"/Kids\s*\[(.*?)\]", self.objects[self._ref(catalog, b"Pages")], re.S).group(1)
        return [int(n) for n in re.findall(_REF, kids)]

    def text(self):
        """The text of every page, pages separated by form feeds."""
        maps = self._font_maps()
        return "\f".join(_decode(self.streams[self._ref(page, b"Contents")], maps) for page in self.pages)

    def _font_maps(self):
        maps = {}
        for source in self.objects.values():
            for fonts, reference in re.findall(rb"/Font\s*(?:<<(.*?)>>|" + _REF + rb")", source, re.S):
                fonts = self.objects[int(reference)] if reference else fonts
                for name, number in re.findall(rb"/(\w+)\s+" + _REF, fonts):
                    to_unicode = self._ref(int(number), b"ToUnicode")
                    if to_unicode is not None:
                        maps[name] = _cmap(self.streams[to_unicode])
        return maps


def _cmap(content):
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", content, re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[code.lower()] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", content, re.S):
        for low, high, start in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[f"{code:0{len(low)}x}".encode()] = chr(first + offset)
    return mapping


_TEXT_OPERATOR = re.compile(rb"/(\w+)\s+[-\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\bET\b", re.S)


def _decode(content, maps):
    parts, mapping = [], {}
    for match in _TEXT_OPERATOR.finditer(content):
        font, array, single = match.groups()
        if font is not None:
            mapping = maps.get(font, {})
        elif array is not None or single is not None:
            for hex_string in re.findall(rb"<([0-9a-fA-F]*)>", array) if array is not None else [single]:
                codes = [hex_string[i : i + 4].lower() for i in range(0, len(hex_string), 4)]
                parts.append("".join(mapping.get(code, "\ufffd") for code in codes))
        else:
            parts.append("\n")
    return "".join(parts)


def fetch_document(client, url, capture_on_commit):
    """Ask for a document of the documents app the way a browser does, with the task run at once
    (`eager_celery`): (the download response, the PDF's bytes)."""
    from django.urls import resolve

    from documents.models import Document

    with capture_on_commit(execute=True):
        response = client.get(url)
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    document = Document.objects.get(pk=match.kwargs["pk"])
    assert document.status == Document.Status.READY, document.error
    download = client.get(document.get_download_url())
    return download, b"".join(download.streaming_content)
