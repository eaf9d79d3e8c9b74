"""Pictures the library draws (alliance/plot, through alliance/table/pictures.hpp): one SVG
document each, shown inline by Jupyter and IPython (``_repr_svg_``), savable to a file. What a
picture shows is the library's; this module only holds and writes the documents."""
from __future__ import annotations

import html
import os
import tempfile
from typing import Iterable, Union


def _write_whole(path: Union[str, os.PathLike], text: str) -> None:
    """Writes ``text`` to ``path`` all at once or not at all: a temporary file beside it, renamed
    into place, so an interrupted or failed save leaves no half-written picture."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".alliance-", suffix=".svg.tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


class Picture:
    """One picture: ``name`` (the client, unit or "change" it shows), ``svg`` (the document) and
    ``file`` (the file name ``Pictures.save`` gives it). Jupyter shows it inline."""

    __slots__ = ("name", "svg", "file")

    def __init__(self, name: str, svg: str, file: str):
        self.name, self.svg, self.file = name, svg, file

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<alliance.Picture {self.name!r}: SVG, {len(self.svg):,} characters>"

    def save(self, path: Union[str, os.PathLike]) -> str:
        """Writes the SVG to ``path`` (whole or not at all); returns the path."""
        _write_whole(path, self.svg)
        return os.fspath(path)


class Pictures(dict):
    """Pictures by name (client or unit), in the order the library drew them. Jupyter shows them
    one after another; ``save(directory)`` writes each to ``directory/<file>``."""

    def __init__(self, pictures: Iterable[tuple]):
        super().__init__((name, Picture(name, svg, file)) for name, svg, file in pictures)

    def _repr_html_(self) -> str:
        return "".join(f"<figure><figcaption>{html.escape(name)}</figcaption>{picture.svg}</figure>"
                       for name, picture in self.items())

    def __repr__(self) -> str:
        return f"<alliance.Pictures: {len(self)} ({', '.join(map(repr, list(self)[:5]))}{', ...' if len(self) > 5 else ''})>"

    def save(self, directory: Union[str, os.PathLike]) -> list:
        """Writes every picture to ``directory`` (made if absent), one file each, named as the
        command line names them; returns the paths."""
        os.makedirs(directory, exist_ok=True)
        return [picture.save(os.path.join(directory, picture.file)) for picture in self.values()]
