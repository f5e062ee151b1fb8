"""numpy/scipy baseline for test/bench/drift.bench.ts: the same default tests Evidently runs, on the same arrays.

Usage: python3 drift_baseline.py DIR  — DIR holds ref_<col>.bin / cur_<col>.bin (float64 for n*, int32 codes for
c*) and columns.json. Prints JSON {"seconds": …, "scores": {col: score}} timing only the statistics.
"""
import json
import os
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial import distance

folder = sys.argv[1]
spec = json.load(open(os.path.join(folder, "columns.json")))
data = {}
for name, kind in spec.items():
    dtype = np.float64 if kind == "num" else np.int32
    data[name] = (np.fromfile(os.path.join(folder, f"ref_{name}.bin"), dtype=dtype),
                  np.fromfile(os.path.join(folder, f"cur_{name}.bin"), dtype=dtype))

start = time.perf_counter()
scores = {}
for name, kind in spec.items():
    ref, cur = data[name]
    ref = ref[np.isfinite(ref)] if kind == "num" else ref[ref >= 0]
    cur = cur[np.isfinite(cur)] if kind == "num" else cur[cur >= 0]
    n_values = len(np.unique(np.concatenate([ref, cur])))  # pandas nunique over concat
    if kind == "num" and n_values > 5:
        if len(ref) <= 1000:
            scores[name] = float(stats.ks_2samp(ref, cur).pvalue)
        else:
            scores[name] = float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001))
    else:
        keys = np.union1d(ref, cur)
        r = np.array([np.count_nonzero(ref == k) for k in keys]) / len(ref)
        c = np.array([np.count_nonzero(cur == k) for k in keys]) / len(cur)
        scores[name] = float(distance.jensenshannon(r, c))
print(json.dumps({"seconds": time.perf_counter() - start, "scores": scores}))
