#!/usr/bin/env python3
"""make-bad-xls.py: the damaged and encrypted .xls files of tests/test-xls.c,
made from book.xls with the standard library only."""
import os
import random
import struct

here = os.path.dirname(os.path.abspath(__file__))
good = open(os.path.join(here, "book.xls"), "rb").read()


def write(name, data):
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)


# Cut in the middle of the FAT-described sectors.
write("bad-truncated.xls", good[: len(good) // 2])
# The OLE2 magic, then noise.
rng = random.Random(10)
write("bad-random.xls", bytes.fromhex("D0CF11E0A1B11AE1") + bytes(rng.randrange(256) for _ in range(4000)))
# A FILEPASS record (RC4 encryption header) among the globals, written over
# the first record long enough to hold it, which keeps the stream's length.
i = good.index(b"\x09\x08\x10\x00\x00\x06\x05\x00")  # BOF, BIFF8, globals
j = i + 4 + 16
while True:
    rtype, rlen = struct.unpack_from("<HH", good, j)
    if rlen >= 6:
        break
    j += 4 + rlen
filepass = struct.pack("<HHHHH", 0x002F, rlen, 1, 1, 1) + bytes(rlen - 6)
write("bad-encrypted.xls", good[:j] + filepass + good[j + 4 + rlen:])
# A merged area whose last column is past the 256 columns of a sheet.
k = good.index(b"\xe5\x00")
while True:
    n, = struct.unpack_from("<H", good, k + 2)
    if n >= 10:
        break
    k = good.index(b"\xe5\x00", k + 1)
merged = bytearray(good)
struct.pack_into("<H", merged, k + 4 + 2 + 6, 300)
write("bad-merge.xls", bytes(merged))
# FreeXL writes a cell's text (a LABEL's, or a date's as it shows it) over
# whatever the cell held without freeing it, and makes a LABEL's text
# before it looks for a sheet to put it in: two records for one cell (the
# date of D2 moved onto the time of E2), and a LABEL among the globals (the
# COUNTRY record retyped).
k = good.index(bytes.fromhex("7e020a00010003001600"))
twice = bytearray(good)
struct.pack_into("<H", twice, k + 6, 4)
write("bad-cell-twice.xls", bytes(twice))
k = good.index(bytes.fromhex("8c000400"), i)
label = bytearray(good)
struct.pack_into("<H", label, k, 0x0204)
write("bad-label-globals.xls", bytes(label))
# A directory entry whose name is longer than the 64 bytes it has room
# for: FreeXL would read that many bytes past it.
k = (struct.unpack_from("<I", good, 0x30)[0] + 1) * 512  # the directory's first sector
assert good[k:k + 20] == "Root Entry".encode("utf-16-le")
longname = bytearray(good)
struct.pack_into("<H", longname, k + 0x40, 0x1600)
write("bad-dir-name.xls", bytes(longname))
# A FORMAT record whose code says it has 65527 UTF-16 characters in 13
# bytes: FreeXL would copy 131054 bytes from it.
k = good.index(b"\x1e\x04", i)
while struct.unpack_from("<H", good, k + 2)[0] < 6:
    k = good.index(b"\x1e\x04", k + 1)
format_long = bytearray(good)
struct.pack_into("<HB", format_long, k + 6, 0xFFF7, 1)
write("bad-format-count.xls", bytes(format_long))
