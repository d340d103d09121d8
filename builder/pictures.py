"""Pictures that fit the screen: resized copies of every PNG, JPEG and WebP picture in media/.

Each picture gets copies 480, 960 and 1600 pixels wide (only those narrower than the picture
itself), in WebP and in its own format, and a WebP copy at its own width; pages offer them with
`srcset` and `sizes`, and the browser fetches the one its screen needs. SVG (which scales by
itself) and GIF (which may be animated) are published as they are.

The copies are declared outputs (PictureJob): a job's data is the picture's digest and size,
so the build's memory keys them by itself and an unchanged picture is never resized again.
Which copies exist is a function of the picture's path and size alone (`copies`), so a page
can list them without asking this stage, from the sizes its data already holds.
"""

from __future__ import annotations

import hashlib
import html as html_text
import io
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from builder import workers
from builder.model import ImageSize, MediaFile
from builder.outputs import OutputFile
from builder.problems import Problem, error

WIDTHS = (480, 960, 1600)
# The picture's own format, as Pillow writes it, and its media type.
FORMATS = {
    ".jpg": ("JPEG", "image/jpeg"),
    ".jpeg": ("JPEG", "image/jpeg"),
    ".png": ("PNG", "image/png"),
    ".webp": ("WEBP", "image/webp"),
}
WEBP = (".webp", "WEBP", "image/webp")
_SAVE_OPTIONS = {
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 78, "method": 4},
}
# Below this many pictures to resize, starting worker processes costs more than it saves.
WORKER_THRESHOLD = 6
_IMG_TAG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


class Copy(NamedTuple):
    path: str  # output path, e.g. "media/bike.480w.webp"
    width: int
    height: int
    media_type: str  # "image/webp", or the picture's own


def is_resizable(path: str) -> bool:
    return posixpath.splitext(path)[1].lower() in FORMATS


def copies(path: str, size: ImageSize | None) -> tuple[Copy, ...]:
    """Every copy of the picture at `path` ("media/bike.jpg") of this size, narrowest first."""
    stem, suffix = posixpath.splitext(path)
    if size is None or suffix.lower() not in FORMATS:
        return ()
    own_type = FORMATS[suffix.lower()][1]
    found = []
    for width in [w for w in WIDTHS if w < size.width] + [size.width]:
        height = max(1, round(size.height * width / size.width))
        smaller = width < size.width
        if smaller and own_type != WEBP[2]:
            found.append(Copy(f"{stem}.{width}w{suffix}", width, height, own_type))
        if smaller or own_type != WEBP[2]:  # a WebP picture at its own width is the picture itself
            found.append(Copy(f"{stem}.{width}w.webp", width, height, WEBP[2]))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Srcsets:
    """What a page offers of one picture: the WebP copies, and the copies in its own format
    (with the picture itself at its full width)."""

    webp: str
    own: str
    own_type: str

    @property
    def own_is_webp(self) -> bool:
        return self.own_type == WEBP[2]


def srcsets(path: str, size: ImageSize | None, url: Callable[[str], str]) -> Srcsets | None:
    """The `srcset` values for the picture at `path`, or None if it has no copies."""
    found = copies(path, size)
    if not found or size is None:
        return None
    own_type = FORMATS[posixpath.splitext(path)[1].lower()][1]
    own = [f"{url(c.path)} {c.width}w" for c in found if c.media_type == own_type and own_type != WEBP[2]]
    own.append(f"{url(path)} {size.width}w")
    webp = [f"{url(c.path)} {c.width}w" for c in found if c.media_type == WEBP[2]]
    if own_type == WEBP[2]:
        webp = [*webp, own[-1]]
    return Srcsets(", ".join(webp), ", ".join(own), own_type)


# The width a picture in a story's body is shown at: the text column, or the screen less its margins.
BODY_SIZES = "(min-width: 44rem) 40rem, calc(100vw - 2rem)"


def with_picture_copies(html: Markup, sizes: Mapping[str, ImageSize], base_path: str, url: Callable[[str], str]) -> Markup:
    """Sanitised body HTML whose media pictures offer their copies: each such <img> gets a
    `srcset` and `sizes`, inside a <picture> with a WebP <source>. Done when the page is made,
    from the sizes in its data (as images.with_image_sizes)."""
    if "<img" not in html:
        return html
    prefix = base_path + "media/"

    def offer(match: re.Match) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        if src is None or " srcset=" in tag:
            return tag
        path = posixpath.normpath(unquote(urlsplit(html_text.unescape(src.group(1))).path))
        site_path = path.removeprefix(base_path) if path.startswith(prefix) else ""
        offered = srcsets(site_path, sizes.get(site_path), url) if site_path else None
        if offered is None:
            return tag
        img = f'{tag[:-1]} srcset="{offered.own}" sizes="{BODY_SIZES}">'
        if offered.own_is_webp:
            return img
        return f'<picture><source type="image/webp" srcset="{offered.webp}" sizes="{BODY_SIZES}">{img}</picture>'

    return Markup(_IMG_TAG.sub(offer, str(html)))


class PictureJob(NamedTuple):
    """The resized copies of one picture, declared: made again only when its bytes change."""

    path: str  # the picture's output path, "media/bike.jpg"
    source: str  # the file, relative to the site
    data: tuple[str, ImageSize]  # (sha256 of the picture's bytes, its size): all the copies are made from

    @property
    def kind(self) -> str:
        return "picture copies"


def picture_jobs(site_dir: Path, media: Iterable[MediaFile]) -> tuple[list[PictureJob], list[Problem]]:
    """A job for every PNG, JPEG and WebP picture in media/ whose size could be read; a problem for each that cannot be read."""
    jobs, problems = [], []
    for item in media:
        if not is_resizable(item.path):
            continue
        if item.size is None:
            continue  # unreadable: load.py has reported it
        try:
            digest = hashlib.sha256((site_dir / item.source).read_bytes()).hexdigest()
        except OSError as exc:
            problems.append(error(item.source, f"cannot be read: {exc.strerror or exc}"))
            continue
        jobs.append(PictureJob(item.path, item.source, (digest, item.size)))
    return jobs, problems


Made = tuple[PictureJob, list[OutputFile], Problem | None]


def make_copies(jobs: list[PictureJob], *, site_dir: Path, workers_wanted: int = 1) -> Iterable[Made]:
    """Resize each picture; in worker processes when there are enough of them."""
    if workers_wanted > 1 and len(jobs) >= WORKER_THRESHOLD:
        results = workers.run_all(_resize_chunk, (str(site_dir),), jobs, workers_wanted, per_worker=2)
    else:
        results = _resize_chunk(str(site_dir), jobs)
    for job, (files, problem) in zip(jobs, results, strict=True):
        yield job, [OutputFile(path, data, owner=job.source) for path, data in files], problem


def _resize_chunk(site_dir: str, jobs: Iterable[PictureJob]) -> list[tuple[list[tuple[str, bytes]], Problem | None]]:
    return [resize(Path(site_dir) / job.source, job) for job in jobs]


def resize(file: Path, job: PictureJob) -> tuple[list[tuple[str, bytes]], Problem | None]:
    """(output path, bytes) of every copy of the picture, or a problem if it cannot be read."""
    from PIL import Image, ImageOps  # imported where used: worker processes that only render pages never need it

    size = job.data[1]
    try:
        with Image.open(file) as opened:
            opened.load()
            picture = ImageOps.exif_transpose(opened)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        return [], error(job.source, f"cannot be read as a picture: {exc}")
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA" if "transparency" in picture.info or picture.mode.endswith("A") else "RGB")
    made = []
    for copy in copies(job.path, size):
        width = min(copy.width, picture.width)
        height = max(1, round(picture.height * width / picture.width))
        resized = picture if (width, height) == picture.size else picture.resize((width, height), Image.Resampling.LANCZOS)
        made.append((copy.path, _encode(resized, copy.media_type)))
    return made, None


def _encode(picture, media_type: str) -> bytes:
    kind = next(name for name, mime in FORMATS.values() if mime == media_type)
    if kind == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, kind, **_SAVE_OPTIONS[kind])
    return buffer.getvalue()
