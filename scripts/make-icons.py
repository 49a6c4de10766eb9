#!/usr/bin/env python3
"""Draws the site's icon (web/static/icon.svg) as PNG files and favicon.ico.

The icon: three members joined in a network, white on the brand blue. Run from the
repository's root after changing the drawing; the outputs are committed.

    python3 scripts/make-icons.py
"""
import math
import struct
import zlib

BLUE = (0x0B, 0x53, 0x94)
WHITE = (0xFF, 0xFF, 0xFF)
# The drawing, on a 100 x 100 canvas: a rounded square, three nodes, their links.
NODES = [(50, 27), (27, 68), (73, 68)]
NODE_RADIUS = 11
LINK_WIDTH = 6
CORNER = 18


def inside_rounded_square(x, y):
    cx = min(max(x, CORNER), 100 - CORNER)
    cy = min(max(y, CORNER), 100 - CORNER)
    return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER**2


def near_link(x, y):
    for i, (ax, ay) in enumerate(NODES):
        bx, by = NODES[(i + 1) % 3]
        dx, dy = bx - ax, by - ay
        t = max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        if math.hypot(x - px, y - py) <= LINK_WIDTH / 2:
            return True
    return False


def pixel(x, y):
    """The colour and coverage at canvas point (x, y)."""
    if not inside_rounded_square(x, y):
        return None
    for nx, ny in NODES:
        if math.hypot(x - nx, y - ny) <= NODE_RADIUS:
            return WHITE
    return WHITE if near_link(x, y) else BLUE


def rgba(size):
    """Rows of RGBA bytes, 4 x 4 samples a pixel for smooth edges."""
    rows = []
    for j in range(size):
        row = bytearray()
        for i in range(size):
            r = g = b = a = 0
            for sj in range(4):
                for si in range(4):
                    x = (i + (si + 0.5) / 4) * 100 / size
                    y = (j + (sj + 0.5) / 4) * 100 / size
                    colour = pixel(x, y)
                    if colour:
                        r, g, b, a = r + colour[0], g + colour[1], b + colour[2], a + 1
            row += bytes((r // a, g // a, b // a, a * 255 // 16) if a else (0, 0, 0, 0))
        rows.append(bytes(row))
    return rows


def png(size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\0" + row for row in rgba(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(images):
    """An ICO file holding PNG images (every browser reads PNG inside ICO)."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in images:
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _, data in images)


def svg():
    links = " ".join(
        f'<line x1="{ax}" y1="{ay}" x2="{NODES[(i + 1) % 3][0]}" y2="{NODES[(i + 1) % 3][1]}"/>'
        for i, (ax, ay) in enumerate(NODES)
    )
    nodes = "".join(f'<circle cx="{x}" cy="{y}" r="{NODE_RADIUS}"/>' for x, y in NODES)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{CORNER}" fill="#0b5394"/>'
        f'<g stroke="#fff" stroke-width="{LINK_WIDTH}">{links}</g>'
        f'<g fill="#fff">{nodes}</g></svg>\n'
    )


if __name__ == "__main__":
    with open("web/static/icon.svg", "w") as out:
        out.write(svg())
    for size in (192, 512):
        with open(f"web/static/icon-{size}.png", "wb") as out:
            out.write(png(size))
    with open("web/static/favicon.ico", "wb") as out:
        out.write(ico([(32, png(32)), (16, png(16))]))
