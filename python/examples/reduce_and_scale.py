"""A numpy program hands an array to shmc's worker JVMs and reads the result back, without a copy.

    PYTHONPATH=python python3 python/examples/reduce_and_scale.py [N]

It fills N doubles (default 1e8, 800 MB) in shared memory with numpy, has the workers sum them and
scale them in place (./shmc array --attach), checks both against numpy, and prints the time of each
step next to the same work in numpy alone.
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

import shmc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 100_000_000

a = shmc.create("numpy-demo", n)                 # a numpy array over a shmc region: no copy anywhere
a[:] = np.random.default_rng(42).random(n)        # numpy fills it in place
expected_sum = float(np.sum(a))

t = time.perf_counter()
run = subprocess.run([os.path.join(ROOT, "shmc"), "array", "--attach", "numpy-demo", "--ops", "sum,scale", "--alpha", "2",
                      "--repeat", "3", "--json"], capture_output=True, text=True, check=True)
wall = time.perf_counter() - t
report = json.loads(run.stdout)
ops = {o["op"]: o for o in report["ops"]}

# the workers scaled the array in place: numpy sees it at once
assert np.isclose(report["results"]["sum"], expected_sum, rtol=1e-12), (report["results"]["sum"], expected_sum)
t = time.perf_counter()
assert np.isclose(float(np.sum(a)), 2 * expected_sum, rtol=1e-12)
numpy_sum = time.perf_counter() - t
t = time.perf_counter()
a *= 0.5
numpy_scale = time.perf_counter() - t

print("%d doubles (%.0f MB) on %d worker JVM(s)" % (n, n * 8 / 1e6, report["workers"]))
print("sum:   shmc %.3f s (best of 3, the first %.3f s)   numpy %.3f s" % (ops["sum"]["seconds"], ops["sum"]["firstSeconds"], numpy_sum))
print("scale: shmc %.3f s               numpy %.3f s" % (ops["scale"]["seconds"], numpy_scale))
print("the whole ./shmc command: %.2f s (its JVM and worker start-up included; %.2f s to start the workers)"
      % (wall, report["startupSeconds"]))
shmc.remove("numpy-demo")
