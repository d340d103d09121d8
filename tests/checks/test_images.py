"""Every image of the built sample says its size, describes itself, offers its resized copies and
loads lazily unless it is the picture at the top of the page (issues 5 and 13)."""

from __future__ import annotations

import lxml.html

from tests.e2e.helpers import html_files


def test_every_img_of_the_built_sample_has_width_height_alt_and_lazy_loading(sample_build):
    images = eager = 0
    faults = []
    for file in html_files(sample_build):
        doc = lxml.html.fromstring(file.read_bytes())
        first_in_main = next(iter(doc.xpath("//main//img")), None)
        for img in doc.iter("img"):
            images += 1
            where = f"{file.relative_to(sample_build).as_posix()}:{img.sourceline}: <img src={img.get('src')!r}>"
            for size in ("width", "height"):
                if not (img.get(size) or "").isdigit() or int(img.get(size)) < 1:
                    faults.append(f"{where} has {size}={img.get(size)!r}")
            # The sample has no decorative images, but for the thumbnails of the previous and next
            # stories, inside a link that names the story: every other one must say what it shows.
            decorative = img.xpath("ancestor::nav[@aria-label='More stories']//a") != []
            if not (img.get("alt") or "").strip() and not decorative:
                faults.append(f"{where} has no alt text")
            if decorative and img.get("alt") != "":
                faults.append(f'{where} repeats its link\'s text: it needs alt=""')
            # Only the first picture of the page (the lead story's, a story's own) is fetched at once.
            if img.get("fetchpriority") == "high":
                eager += 1
                if img is not first_in_main or img.get("loading") is not None:
                    faults.append(f"{where} is fetched at once but is not the page's first picture")
            elif img.get("loading") != "lazy":
                faults.append(f'{where} is not loading="lazy"')
    assert images >= 2, "the sample's stories show images; none were found"
    assert eager >= 10, "the front page's lead and each story's own picture are fetched at once"
    assert faults == [], "\n".join(faults)


def test_every_raster_picture_of_the_built_sample_offers_webp_and_resized_copies(sample_build):
    pictures = 0
    faults = []
    for file in html_files(sample_build):
        for img in lxml.html.fromstring(file.read_bytes()).iter("img"):
            src = img.get("src")
            if not src.endswith((".jpg", ".png")):
                continue
            pictures += 1
            where = f"{file.relative_to(sample_build).as_posix()}:{img.sourceline}: <img src={src!r}>"
            # (lxml's HTML parser does not know <source> is empty, and puts the <img> inside it.)
            source = next(iter(img.xpath("ancestor::picture[1]//source")), None)
            if source is None or source.get("type") != "image/webp":
                faults.append(f"{where} is not in a <picture> with a WebP <source>")
                continue
            for srcset in (img.get("srcset"), source.get("srcset")):
                for candidate in (srcset or "").split(", "):
                    url, width = candidate.split(" ")
                    copy = sample_build / url.lstrip("/")
                    if not copy.is_file():
                        faults.append(f"{where} offers {url}, which was not built")
                    if not width.endswith("w"):
                        faults.append(f"{where} offers {candidate!r} without a width")
            if not img.get("sizes") or img.get("sizes") != source.get("sizes"):
                faults.append(f"{where} has no sizes, or not the same as its <source>")
    assert pictures >= 20
    assert faults == [], "\n".join(faults)
