"""Writes tiny SVHN-format MAT files for the MATv5 reader's tests (DATA-70, DATA-71).

X: uint8 [4, 3, 3, 5] (height 4, width 3, 3 channels, 5 images), X[r, c, ch, i] = (r + 4c + 12ch + 36i) % 256
   plus 200 for image 4 (so values exceed 127); y: double [5, 1] = 1, 10, 3, 10, 7 (10 is digit 0).
Also z: int16 [2, 2] = [[-3, 4], [5, -300]] and s: double scalar 2.5 (small element), for the reader's types.
svhn_compressed.mat uses savemat(do_compression=True) (miCOMPRESSED elements), svhn_plain.mat not.
"""
import numpy as np
import scipy
import scipy.io

r, c, ch, i = np.meshgrid(np.arange(4), np.arange(3), np.arange(3), np.arange(5), indexing="ij")
X = ((r + 4 * c + 12 * ch + 36 * i) % 256).astype(np.uint8)
X[..., 4] = (X[..., 4].astype(int) + 200) % 256
y = np.array([[1], [10], [3], [10], [7]], dtype=np.float64)
z = np.array([[-3, 4], [5, -300]], dtype=np.int16)
data = {"X": X, "y": y, "z": z, "s": 2.5}
scipy.io.savemat("svhn_compressed.mat", data, do_compression=True)
scipy.io.savemat("svhn_plain.mat", data, do_compression=False)
print("scipy", scipy.__version__, "numpy", np.__version__)
