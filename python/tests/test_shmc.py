"""Tests of the shmc Python module alone (numpy only): run with PYTHONPATH=python python3 -m unittest discover -s python/tests.

The JVM side of the same files is tested by NumpyInteropTest (app module), which also runs these.
"""

import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import shmc


class ShmcModuleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "regions")
        os.mkdir(self.dir, 0o700)
        self.old = os.environ.get("SHMC_DIR")
        os.environ["SHMC_DIR"] = self.dir

    def tearDown(self):
        left = os.listdir(self.dir) if os.path.isdir(self.dir) else []
        if self.old is None:
            del os.environ["SHMC_DIR"]
        else:
            os.environ["SHMC_DIR"] = self.old
        self.tmp.cleanup()
        self.assertEqual([], left, "nothing left in the region directory")

    def test_a_created_array_is_a_npy_file_numpy_opens_read_write_without_a_copy(self):
        a = shmc.create("a", (3, 4))
        a[:] = np.arange(12).reshape(3, 4)
        b = np.load(shmc.path("a"), mmap_mode="r+")
        self.assertEqual((3, 4), b.shape)
        self.assertEqual(np.float64, b.dtype)
        np.testing.assert_array_equal(a, b)
        b[2, 3] = -1.0
        self.assertEqual(-1.0, a[2, 3], "a write through one mapping is seen through the other")
        c = shmc.attach("a")
        c[0, 0] = 7.0
        self.assertEqual(7.0, a[0, 0])
        del b, c
        self.assertTrue(shmc.remove("a"))
        self.assertFalse(os.path.exists(shmc.path("a")))

    def test_shapes_and_dtypes_round_trip(self):
        for dtype in ("float64", "int64", "int32"):
            for shape in ((7,), (3, 4), (2, 3, 4), (0,)):
                name = "rt-%s-%d" % (dtype, len(shape))
                if 0 in shape:
                    name += "-empty"
                a = shmc.create(name, shape, dtype)
                a[...] = np.arange(a.size, dtype=dtype).reshape(shape)
                b = shmc.attach(name)
                self.assertEqual(shape, b.shape, name)
                self.assertEqual(np.dtype(dtype), b.dtype, name)
                np.testing.assert_array_equal(a, b)
                n = np.load(shmc.path(name), mmap_mode="r")
                self.assertEqual(shape, n.shape, name)
                del a, b, n
                shmc.remove(name)

    def test_a_length_makes_a_one_dimensional_array(self):
        a = shmc.create("len", 10, "int32")
        self.assertEqual((10,), a.shape)
        del a
        shmc.remove("len")

    def test_bad_names_and_dtypes_are_refused(self):
        for name in ("", "a/b", "..", ".hidden", "a b", "x" * 201):
            with self.assertRaises(ValueError, msg=name):
                shmc.create(name, 1)
        with self.assertRaises(ValueError):
            shmc.create("f32", 4, "float32")
        with self.assertRaises(ValueError):
            shmc.create("neg", (-1,))

    def test_a_name_in_use_is_refused(self):
        a = shmc.create("twice", 4)
        with self.assertRaises(shmc.ShmcError):
            shmc.create("twice", 4)
        del a
        shmc.remove("twice")

    def test_a_truncated_file_is_refused(self):
        a = shmc.create("cut", 10000)
        del a
        p = shmc.path("cut")
        os.truncate(p, os.path.getsize(p) - 4096)
        with self.assertRaises(shmc.ShmcError) as e:
            shmc.attach("cut")
        self.assertIn("cut", str(e.exception))
        shmc.remove("cut")

    def test_a_foreign_npy_file_is_refused(self):
        p = os.path.join(self.dir, "foreign.region")
        with open(p, "wb") as f:
            np.save(f, np.arange(10000.0))
        os.chmod(p, 0o600)
        with self.assertRaises(shmc.ShmcError) as e:
            shmc.attach("foreign")
        self.assertIn("did not make", str(e.exception))
        os.unlink(p)

    def test_a_missing_array_is_refused(self):
        with self.assertRaises(shmc.ShmcError):
            shmc.attach("absent")
        self.assertFalse(shmc.remove("absent"))

    def test_a_symbolic_link_is_refused_unopened(self):
        target = os.path.join(self.tmp.name, "elsewhere")
        with open(target, "wb") as f:
            f.write(b"x" * 9000)
        os.symlink(target, os.path.join(self.dir, "link.region"))
        with self.assertRaises(shmc.ShmcError) as e:
            shmc.attach("link")
        self.assertIn("not a regular file", str(e.exception))
        os.unlink(os.path.join(self.dir, "link.region"))

    def test_a_directory_others_may_write_is_refused(self):
        os.chmod(self.dir, 0o777)
        try:
            with self.assertRaises(shmc.ShmcError) as e:
                shmc.create("open", 4)
            self.assertIn("other users", str(e.exception))
        finally:
            os.chmod(self.dir, 0o700)

    def test_an_array_is_removed_when_its_process_exits_unless_kept(self):
        code = "import shmc; shmc.create('gone', 4); shmc.create('kept', 4, keep=True)"
        subprocess.run([sys.executable, "-c", code], check=True, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
        self.assertFalse(os.path.exists(shmc.path("gone")))
        self.assertTrue(os.path.exists(shmc.path("kept")))
        self.assertEqual([4], [shmc.attach("kept").size])
        shmc.remove("kept")


if __name__ == "__main__":
    unittest.main()
