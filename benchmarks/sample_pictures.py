"""Draw the sample archive's pictures: simple flat illustrations, one per story, made here with
Pillow (no photographs, nothing downloaded). They are 1600x1000 JPEGs, so the build's resized
copies (480, 960 and 1600 px, WebP and JPEG) can be seen at work.

    python benchmarks/sample_pictures.py      # writes content/media/<name>.jpg

The same code gives the same pixels; content/media/CREDITS.md lists what each picture shows.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1600, 1000
MEDIA = Path(__file__).resolve().parent.parent / "content" / "media"


def sky(draw: ImageDraw.ImageDraw, top: tuple, bottom: tuple, until: int = HEIGHT) -> None:
    for y in range(until):
        t = y / max(1, until - 1)
        draw.line([(0, y), (WIDTH, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))


def hills(draw, base: int, colour: tuple, amplitude: int, seed: int, waves: float = 3.0) -> None:
    rng = random.Random(seed)
    phase = rng.random() * math.tau
    points = [(x, base - amplitude * math.sin(phase + waves * math.tau * x / WIDTH) ** 2) for x in range(0, WIDTH + 20, 20)]
    draw.polygon([(0, HEIGHT), *points, (WIDTH, HEIGHT)], fill=colour)


def pine(draw, x: int, ground: int, height: int, colour=(34, 85, 60)) -> None:
    draw.rectangle([x - height // 20, ground - height // 6, x + height // 20, ground], fill=(92, 64, 44))
    for step in range(3):
        top = ground - height + step * height // 4
        half = height // 4 + step * height // 10
        draw.polygon([(x, top), (x - half, top + height // 2), (x + half, top + height // 2)], fill=colour)


def house(draw, x: int, ground: int, w: int, h: int, wall: tuple, roof: tuple, lit: bool = False) -> None:
    draw.rectangle([x, ground - h, x + w, ground], fill=wall)
    draw.polygon([(x - w // 10, ground - h), (x + w // 2, ground - h - h // 2), (x + w + w // 10, ground - h)], fill=roof)
    window = (255, 214, 102) if lit else (190, 215, 235)
    draw.rectangle([x + w // 6, ground - h * 3 // 4, x + w // 6 + w // 4, ground - h // 2], fill=window)
    draw.rectangle([x + w * 7 // 12, ground - h * 3 // 4, x + w * 7 // 12 + w // 4, ground - h // 2], fill=window)
    draw.rectangle([x + w * 2 // 5, ground - h // 3, x + w * 3 // 5, ground], fill=(110, 70, 50))


def car(draw, x: int, ground: int, body: tuple, scale: float = 1.0) -> None:
    w, h = int(360 * scale), int(90 * scale)
    draw.rounded_rectangle([x, ground - h - 40 * scale, x + w, ground - 40 * scale], radius=int(30 * scale), fill=body)
    draw.rounded_rectangle(
        [x + w * 0.22, ground - h - 40 * scale - 70 * scale, x + w * 0.75, ground - h - 30 * scale],
        radius=int(28 * scale),
        fill=body,
    )
    draw.rectangle([x + w * 0.28, ground - h - 95 * scale, x + w * 0.7, ground - h - 45 * scale], fill=(200, 225, 240))
    for wheel in (x + w * 0.22, x + w * 0.78):
        draw.ellipse([wheel - 45 * scale, ground - 90 * scale, wheel + 45 * scale, ground], fill=(30, 30, 35))
        draw.ellipse([wheel - 18 * scale, ground - 63 * scale, wheel + 18 * scale, ground - 27 * scale], fill=(170, 170, 175))


def boxes(draw, x: int, ground: int, count: int, seed: int) -> None:
    rng = random.Random(seed)
    colours = [(196, 150, 98), (214, 172, 118), (178, 132, 84)]
    for i in range(count):
        w, h = rng.randint(180, 260), rng.randint(120, 180)
        left = x + i * 230
        draw.rectangle([left, ground - h, left + w, ground], fill=colours[i % 3])
        draw.line([(left, ground - h + 30), (left + w, ground - h + 30)], fill=(140, 100, 60), width=6)
        draw.rectangle([left + w // 3, ground - h * 2 // 3, left + w * 2 // 3, ground - h // 3], fill=(236, 120, 60))


def pier() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (250, 176, 120), (252, 226, 170), 560)
    draw.ellipse([1080, 300, 1300, 520], fill=(255, 236, 170))
    draw.rectangle([0, 560, WIDTH, HEIGHT], fill=(54, 110, 150))
    for y in range(600, HEIGHT, 40):
        draw.line([(0, y), (WIDTH, y)], fill=(74, 132, 170), width=4)
    draw.polygon([(0, 700), (1000, 620), (1000, 660), (0, 780)], fill=(150, 110, 80))
    for x in range(40, 1000, 90):
        y = 700 - 80 * x / 1000
        draw.line([(x, y - 90), (x, y)], fill=(30, 90, 60), width=10)
        draw.line([(x, y + 30), (x, y + 220)], fill=(90, 60, 40), width=14)
    draw.line([(0, 610), (1000, 530)], fill=(30, 90, 60), width=12)
    return image


def school() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (150, 200, 240), (220, 236, 250), 700)
    draw.rectangle([0, 700, WIDTH, HEIGHT], fill=(110, 170, 90))
    draw.rectangle([300, 330, 1300, 720], fill=(180, 80, 60))
    for col in range(6):
        for row in range(2):
            draw.rectangle([360 + col * 155, 390 + row * 150, 450 + col * 155, 480 + row * 150], fill=(230, 240, 250))
    draw.rectangle([720, 560, 880, 720], fill=(90, 60, 45))
    draw.line([(1400, 720), (1400, 300)], fill=(200, 200, 205), width=10)
    draw.rectangle([1405, 305, 1545, 395], fill=(40, 80, 160))
    # A dog sitting on the lawn.
    draw.ellipse([180, 760, 360, 900], fill=(120, 80, 40))
    draw.ellipse([300, 690, 400, 790], fill=(120, 80, 40))
    draw.polygon([(320, 700), (340, 640), (360, 700)], fill=(80, 50, 25))
    draw.polygon([(360, 700), (385, 645), (395, 705)], fill=(80, 50, 25))
    return image


def skyline(seed: int, top: tuple, bottom: tuple, lit: bool) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, top, bottom)
    rng = random.Random(seed)
    x = 0
    while x < WIDTH:
        w, h = rng.randint(90, 190), rng.randint(250, 620)
        shade = rng.randint(40, 80)
        draw.rectangle([x, HEIGHT - 220 - h, x + w, HEIGHT - 220], fill=(shade, shade + 10, shade + 30))
        for wy in range(HEIGHT - 200 - h, HEIGHT - 240, 48):
            for wx in range(x + 15, x + w - 25, 36):
                if rng.random() < (0.55 if lit else 0.2):
                    draw.rectangle([wx, wy, wx + 16, wy + 24], fill=(255, 220, 120))
        x += w + rng.randint(4, 20)
    draw.rectangle([0, HEIGHT - 220, WIDTH, HEIGHT], fill=(40, 70, 100))
    for y in range(HEIGHT - 200, HEIGHT, 36):
        draw.line([(0, y), (WIDTH, y)], fill=(60, 95, 130), width=3)
    return image


def food_drive() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), (232, 226, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 760, WIDTH, HEIGHT], fill=(120, 120, 128))
    car(draw, 820, 860, (245, 245, 248), 1.8)
    draw.rectangle([980, 560, 1300, 600], fill=(20, 50, 120))
    boxes(draw, 80, 860, 3, 4)
    boxes(draw, 180, 700, 2, 5)
    return image


def cars_and_coffee() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (120, 180, 230), (210, 230, 245), 600)
    draw.rectangle([0, 600, WIDTH, HEIGHT], fill=(90, 90, 98))
    for x in range(0, WIDTH, 200):
        draw.rectangle([x + 80, 780, x + 140, 795], fill=(240, 240, 240))
    for i, colour in enumerate([(200, 40, 40), (30, 90, 170), (240, 190, 40), (40, 140, 90)]):
        car(draw, 40 + i * 390, 760 + (i % 2) * 120, colour, 0.95)
    return image


def snow() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (170, 200, 230), (235, 242, 250))
    draw.polygon([(200, 700), (700, 180), (1150, 700)], fill=(150, 165, 190))
    draw.polygon([(560, 330), (700, 180), (830, 330), (760, 300), (700, 350), (640, 300)], fill=(250, 250, 255))
    draw.polygon([(800, 700), (1200, 300), (1600, 700)], fill=(130, 148, 175))
    draw.polygon([(1110, 390), (1200, 300), (1290, 390), (1240, 370), (1200, 410)], fill=(250, 250, 255))
    hills(draw, 760, (246, 248, 252), 70, 7)
    draw.rectangle([0, 760, WIDTH, HEIGHT], fill=(246, 248, 252))
    for x in (120, 330, 1280, 1470):
        pine(draw, x, 900, 360)
    rng = random.Random(3)
    for _ in range(220):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        draw.ellipse([x, y, x + 7, y + 7], fill=(255, 255, 255))
    return image


def ridge() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (250, 210, 150), (250, 240, 210), 600)
    hills(draw, 560, (150, 170, 120), 160, 11, 1.5)
    hills(draw, 700, (100, 140, 90), 140, 12, 2.0)
    hills(draw, 860, (70, 110, 70), 90, 13, 2.5)
    draw.line([(200, HEIGHT), (700, 800), (1000, 720), (1400, 680)], fill=(200, 170, 120), width=26)
    for x in (90, 260, 1300, 1500):
        pine(draw, x, 980, 300, (40, 90, 55))
    return image


def home_at_dusk() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (40, 50, 100), (230, 140, 110), 780)
    draw.ellipse([1250, 120, 1370, 240], fill=(250, 245, 220))
    draw.rectangle([0, 780, WIDTH, HEIGHT], fill=(50, 70, 50))
    house(draw, 520, 800, 560, 320, (180, 160, 140), (90, 50, 50), lit=True)
    pine(draw, 250, 820, 420, (30, 60, 40))
    pine(draw, 1350, 820, 380, (30, 60, 40))
    return image


def hoops() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (110, 170, 230), (200, 225, 245), 560)
    draw.rectangle([0, 560, WIDTH, HEIGHT], fill=(190, 90, 60))
    draw.ellipse([300, 640, 1300, 1180], outline=(245, 245, 245), width=10)
    draw.line([(800, 560), (800, HEIGHT)], fill=(245, 245, 245), width=10)
    draw.rectangle([1180, 160, 1200, 600], fill=(80, 80, 90))
    draw.rectangle([1000, 160, 1240, 320], fill=(250, 250, 250), outline=(200, 60, 50), width=10)
    draw.ellipse([1040, 300, 1160, 340], outline=(230, 90, 30), width=10)
    draw.ellipse([560, 340, 700, 480], fill=(230, 120, 40))
    draw.line([(560, 410), (700, 410)], fill=(60, 30, 20), width=6)
    draw.arc([560, 340, 700, 480], 300, 60, fill=(60, 30, 20), width=6)
    return image


def library() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), (120, 80, 55))
    draw = ImageDraw.Draw(image)
    rng = random.Random(21)
    colours = [(180, 50, 50), (40, 90, 160), (230, 180, 50), (60, 130, 80), (130, 70, 150), (220, 120, 60), (235, 230, 215)]
    for shelf in range(4):
        bottom = 230 + shelf * 240
        draw.rectangle([0, bottom, WIDTH, bottom + 26], fill=(80, 50, 30))
        x = 30
        while x < WIDTH - 60:
            w, h = rng.randint(34, 70), rng.randint(140, 200)
            draw.rectangle([x, bottom - h, x + w, bottom], fill=rng.choice(colours))
            draw.line([(x + 6, bottom - h + 30), (x + w - 6, bottom - h + 30)], fill=(250, 240, 210), width=4)
            x += w + rng.randint(2, 8)
    return image


def ducklings() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (140, 190, 220), (210, 230, 240), 420)
    draw.rectangle([0, 420, WIDTH, HEIGHT], fill=(80, 140, 160))
    for y in range(460, HEIGHT, 50):
        draw.arc([-200, y - 20, WIDTH + 200, y + 40], 0, 180, fill=(110, 170, 185), width=4)
    draw.ellipse([120, 480, 560, 700], fill=(110, 90, 60))
    draw.ellipse([440, 430, 600, 560], fill=(110, 90, 60))
    draw.polygon([(590, 490), (660, 505), (590, 520)], fill=(230, 140, 40))
    for i in range(6):
        x = 700 + i * 140
        y = 600 + (i % 2) * 60
        draw.ellipse([x, y, x + 110, y + 80], fill=(250, 210, 60))
        draw.ellipse([x + 70, y - 40, x + 130, y + 20], fill=(250, 210, 60))
        draw.polygon([(x + 128, y - 15), (x + 155, y - 8), (x + 128, y)], fill=(240, 140, 40))
        draw.ellipse([x + 100, y - 25, x + 110, y - 15], fill=(30, 30, 30))
    return image


def meal_boxes() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), (245, 232, 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 640, WIDTH, HEIGHT], fill=(150, 100, 60))
    boxes(draw, 100, 760, 6, 9)
    boxes(draw, 240, 600, 4, 10)
    for x, colour in ((300, (220, 140, 40)), (700, (200, 60, 50)), (1150, (120, 160, 60))):
        draw.ellipse([x, 820, x + 150, 940], fill=colour)
    return image


def night_out() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (20, 25, 60), (70, 60, 110), 700)
    for x, w, h, wall in (
        (0, 420, 380, (90, 70, 80)),
        (420, 380, 460, (70, 80, 100)),
        (800, 420, 340, (100, 80, 70)),
        (1220, 380, 420, (80, 90, 90)),
    ):
        draw.rectangle([x, 700 - h, x + w, 700], fill=wall)
        for wx in range(x + 40, x + w - 60, 110):
            draw.rectangle([wx, 700 - h + 60, wx + 60, 700 - h + 140], fill=(255, 210, 110))
    draw.rectangle([0, 700, WIDTH, HEIGHT], fill=(60, 60, 70))
    for i in range(2):
        points = [(x, 200 + i * 90 + 60 * math.sin(math.pi * x / WIDTH)) for x in range(0, WIDTH + 1, 40)]
        draw.line(points, fill=(40, 40, 40), width=3)
        for j, (x, y) in enumerate(points):
            colour = [(255, 120, 120), (255, 230, 120), (140, 220, 255), (180, 255, 160)][j % 4]
            draw.ellipse([x - 10, y, x + 10, y + 20], fill=colour)
    for x in (200, 520, 900, 1300):
        draw.ellipse([x, 760, x + 70, 830], fill=(230, 190, 160))
        draw.rounded_rectangle(
            [x - 20, 830, x + 90, 980], radius=30, fill=[(60, 100, 170), (170, 60, 60), (60, 140, 90), (150, 100, 160)][x % 4]
        )
    return image


def neighbourhood() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    sky(draw, (150, 200, 240), (225, 238, 250), 680)
    draw.rectangle([0, 680, WIDTH, HEIGHT], fill=(120, 170, 100))
    draw.rectangle([0, 820, WIDTH, 900], fill=(140, 140, 145))
    for i, (wall, roof) in enumerate(
        [((235, 220, 190), (160, 70, 60)), ((190, 210, 230), (70, 80, 110)), ((240, 200, 200), (110, 70, 60))]
    ):
        house(draw, 120 + i * 500, 700, 360, 260, wall, roof)
    for x in (470, 970, 1460):
        pine(draw, x, 720, 260)
    return image


PICTURES = {
    "old-pier-railings": pier,
    "brookside-career-day": school,
    "riverbend-dawn": lambda: skyline(1, (250, 190, 150), (160, 190, 230), lit=False),
    "food-drive-cruiser": food_drive,
    "cars-and-coffee": cars_and_coffee,
    "snowy-ridge": snow,
    "ridge-trail": ridge,
    "home-at-dusk": home_at_dusk,
    "summer-hoops": hoops,
    "library-shelves": library,
    "ducklings": ducklings,
    "meal-boxes": meal_boxes,
    "dockside-night-out": night_out,
    "neighbourhood-street": neighbourhood,
    "riverfront-evening": lambda: skyline(5, (60, 70, 130), (240, 160, 120), lit=True),
}


def main() -> None:
    MEDIA.mkdir(parents=True, exist_ok=True)
    for name, draw in PICTURES.items():
        draw().save(MEDIA / f"{name}.jpg", "JPEG", quality=82, optimize=True, progressive=True)
        print(f"content/media/{name}.jpg")


if __name__ == "__main__":
    main()
