#!/usr/bin/env python3
"""Writes the small IDX fixtures IdxTest reads (run from this directory; deterministic: gzip mtime 0).

images: 3 images of 2 rows x 3 columns, magic 0x00000803, pixel bytes
  image 0: 0 255 51 / 128 1 254     image 1: all 0     image 2: 10 20 30 / 40 50 60
labels: 3 labels (magic 0x00000801): 7 0 255
Also the bad cases: a label file named like images, wrong magic, truncated data, an empty file.
"""
import gzip
import struct

IMAGES = [[0, 255, 51, 128, 1, 254], [0] * 6, [10, 20, 30, 40, 50, 60]]
LABELS = [7, 0, 255]

images = struct.pack('>IIII', 0x803, 3, 2, 3) + bytes(b for img in IMAGES for b in img)
labels = struct.pack('>II', 0x801, 3) + bytes(LABELS)


def write(name, data):
    with open(name, 'wb') as f:
        f.write(data)


def write_gz(name, data):
    with open(name, 'wb') as f:
        with gzip.GzipFile(filename='', mode='wb', fileobj=f, mtime=0) as g:
            g.write(data)


write('tiny-images-idx3-ubyte', images)
write_gz('tiny-images-idx3-ubyte.gz', images)
write('tiny-labels-idx1-ubyte', labels)
write_gz('tiny-labels-idx1-ubyte.gz', labels)
write('bad-magic-idx3-ubyte', struct.pack('>IIII', 0x80D, 3, 2, 3) + images[16:])  # 0x0D = float32
write('truncated-idx3-ubyte', images[:-4])
write_gz('truncated-idx3-ubyte.gz', images[:-4])
write('empty-idx3-ubyte', b'')
