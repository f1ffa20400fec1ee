#!/usr/bin/env python3
"""Where a C2-compiled method spends its time, instruction by instruction, without hsdis.

These machines have no disassembler library for the JVM, so -XX:+PrintAssembly prints a method's
code as bytes; objdump decodes them, and perf's samples (whose addresses are the live code cache's,
the same run) are counted per instruction. cpu-clock samples skid: a stall shows on the instruction
after the one that waits.

  perf record -e cpu-clock -F 4000 -o /tmp/p.data \\
      java ... -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,pkg.Class::method ... > /tmp/asm.txt
  scripts/jit-hotspots.py /tmp/asm.txt /tmp/p.data method

Prints the samples that fell in the last normal (not on-stack-replacement) C2 version of the method,
then its instructions with each one's share of them.
"""
import bisect
import collections
import re
import subprocess
import sys


def c2_code(asm_path, method):
    lines = open(asm_path, errors="replace").read().split("\n")
    bodies = []
    i = 0
    while i < len(lines):
        head = lines[i]
        if head.startswith("Compiled method (c2)") and method in head and "%" not in head:
            j = i
            while not lines[j].startswith("[MachCode]"):
                j += 1
            k = j
            while not lines[k].startswith("[/MachCode]"):
                k += 1
            bodies.append(lines[j:k])
            i = k
        i += 1
    if not bodies:
        sys.exit("no C2 code of %s in %s" % (method, asm_path))
    start, code = None, b""
    for line in bodies[-1]:
        m = re.match(r"\s+0x([0-9a-f]+): ([0-9a-f |]+)$", line)
        if m:
            start = start if start is not None else int(m.group(1), 16)
            code += bytes.fromhex(m.group(2).replace("|", "").replace(" ", ""))
    return start, code


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    asm_path, perf_data, method = sys.argv[1:]
    start, code = c2_code(asm_path, method)
    with open("/tmp/jit-hotspots.bin", "wb") as f:
        f.write(code)
    dump = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", "--adjust-vma=%d" % start,
                           "/tmp/jit-hotspots.bin"], capture_output=True, text=True, check=True).stdout
    instructions = []
    for line in dump.split("\n"):
        m = re.match(r"\s+([0-9a-f]+):\t[0-9a-f ]+\t(.*)", line)
        if m:
            instructions.append((int(m.group(1), 16), m.group(2)))
    addresses = [a for a, _ in instructions]
    samples = subprocess.run(["perf", "script", "-i", perf_data, "-F", "ip"], capture_output=True, text=True).stdout.split()
    per = collections.Counter()
    for s in samples:
        try:
            ip = int(s, 16)
        except ValueError:
            continue
        if start <= ip < start + len(code):
            per[bisect.bisect_right(addresses, ip) - 1] += 1
    total = sum(per.values())
    print("%d samples in %s, code %#x-%#x" % (total, method, start, start + len(code)))
    for k, (address, text) in enumerate(instructions):
        share = ("%5.1f%% " % (100.0 * per[k] / total)) if per[k] else "       "
        print(share, "%x" % address, text)


if __name__ == "__main__":
    main()
