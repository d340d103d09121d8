"""Every image of the built sample says its size, describes itself and loads lazily (issue 5)."""

from __future__ import annotations

import lxml.html

from tests.e2e.helpers import html_files


def test_every_img_of_the_built_sample_has_width_height_alt_and_lazy_loading(sample_build):
    images = 0
    faults = []
    for file in html_files(sample_build):
        for img in lxml.html.fromstring(file.read_bytes()).iter("img"):
            images += 1
            where = f"{file.relative_to(sample_build).as_posix()}:{img.sourceline}: <img src={img.get('src')!r}>"
            for size in ("width", "height"):
                if not (img.get(size) or "").isdigit() or int(img.get(size)) < 1:
                    faults.append(f"{where} has {size}={img.get(size)!r}")
            # The sample has no decorative images, so every one must say what it shows.
            if not (img.get("alt") or "").strip():
                faults.append(f"{where} has no alt text")
            if img.get("loading") != "lazy":
                faults.append(f'{where} is not loading="lazy"')
    assert images >= 2, "the sample's stories show images; none were found"
    assert faults == [], "\n".join(faults)
