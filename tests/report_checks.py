"""What a reader of the HTML report must never meet, as checks the report tests share.

Each check takes the report's HTML and returns a list of problems (empty when the report is fine), so a
failing test says which table, row or image is wrong.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

NUMBER = re.compile(r"-?\d[\d,]*(\.\d+)?")


@dataclass
class ParsedTable:
    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[tuple[str, str]]] = field(default_factory=list)  # (tag, text) per cell


@dataclass
class ParsedImage:
    alt: str | None
    src: str
    in_figure_with_table: bool = False


class ReportParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[ParsedTable] = []
        self.images: list[ParsedImage] = []
        self.text: list[str] = []
        self._table: ParsedTable | None = None
        self._row: list[tuple[str, str]] | None = None
        self._cell: tuple[str, list[str]] | None = None
        self._in_head = self._in_caption = self._in_style = False
        self._figure_images: list[ParsedImage] | None = None
        self._figure_has_table = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style":
            self._in_style = True
        elif tag == "figure":
            self._figure_images, self._figure_has_table = [], False
        elif tag == "img":
            image = ParsedImage(attrs.get("alt"), attrs.get("src", ""))
            self.images.append(image)
            if self._figure_images is not None:
                self._figure_images.append(image)
        elif tag == "table":
            self._table = ParsedTable()
            self._figure_has_table = self._figure_images is not None or self._figure_has_table
        elif tag == "thead":
            self._in_head = True
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = (tag, [])

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        elif tag == "figure" and self._figure_images is not None:
            for image in self._figure_images:
                image.in_figure_with_table = self._figure_has_table
            self._figure_images = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append((self._cell[0], "".join(self._cell[1]).strip()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if self._in_head:
                self._table.header = [text for _, text in self._row]
            else:
                self._table.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_style:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell[1].append(data)
        elif self._in_caption and self._table is not None:
            self._table.caption += data


def parse(html: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(html)
    return parser


def visible_text(html: str) -> str:
    return " ".join(" ".join(parse(html).text).split())


def images_without_alt_or_table(html: str) -> list[str]:
    """Every chart needs alt text that says something and a data table in its figure."""
    problems = []
    for index, image in enumerate(parse(html).images):
        if not image.alt or len(image.alt) < 40:
            problems.append(f"image {index}: alt text missing or too short: {image.alt!r}")
        if not image.in_figure_with_table:
            problems.append(f"image {index}: no data table in its figure")
    return problems


def tables_saying_nothing(html: str) -> list[str]:
    """A table whose values are all suppressed or zero, or a row whose values are all suppressed."""
    problems = []
    for index, table in enumerate(parse(html).tables):
        values = [text for row in table.rows for tag, text in row[1:]]
        numbers = [text for text in values if NUMBER.search(text)]
        if values and not any(float(NUMBER.search(text).group().replace(",", "")) != 0 for text in numbers):
            if any(text == "c" for text in values) or numbers:
                problems.append(f"table {index} ({table.caption or table.header}): only c and zeros")
        for row in table.rows:
            cells = [text for _, text in row[1:]]
            if cells and all(text == "c" for text in cells):
                problems.append(f"table {index} ({table.caption or table.header}): row {row[0][1]!r} is all c")
    return problems


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_command(binary: str, profile: Path) -> list[str]:
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            "--force-device-scale-factor=1", f"--user-data-dir={profile}"]


def screenshot(html_path: Path, png_path: Path, width: int = 1200, height: int = 12000) -> Path:
    """A full-width screenshot of the page in headless Chromium (raises when none is installed)."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed")
    command = chromium_command(binary, png_path.parent / "chromium-profile") + [
        f"--screenshot={png_path}", f"--window-size={width},{height}", html_path.resolve().as_uri()]
    subprocess.run(command, capture_output=True, text=True, timeout=120)
    if not png_path.is_file():
        raise RuntimeError("chromium wrote no screenshot")
    return png_path


def content_height(png_path: Path) -> int:
    """Pixels from the top to the last row with anything drawn on it (the page's length as a reader sees it)."""
    import numpy as np
    from PIL import Image

    grey = np.asarray(Image.open(png_path).convert("L"))
    drawn = np.flatnonzero((grey < 245).any(axis=1))
    return int(drawn.max()) + 1 if drawn.size else 0
