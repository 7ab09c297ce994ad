#!/usr/bin/env python3
"""Checks the module layering of docs/ARCHITECTURE.md.

1. Each module's DEPS line (td_module in src/<module>/CMakeLists.txt) names only
   modules below it in the order.
2. Each #include "<module>/..." in src/<module>/ names the module itself or one
   it reaches through its DEPS (tests may also include testkit).
3. Third-party libraries stay in their home modules.
Exits 1 and lists every violation.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

# Rank of each module: a module may depend only on modules of lower rank.
RANK = {
    "core": 0, "model": 1,
    "calendar": 2, "clock": 2, "store": 2, "aggregate": 2, "indicators": 2,
    "quality": 3, "loading": 4, "session": 5,
    "strategy": 6,  # Scanners and strategies: the session's participant, built-ins, user modules.
    "replay": 7, "feed": 7, "server": 7, "cli": 7,
    "testkit": 8,  # Test helpers: may use anything but app; only tests and benchmarks use it.
    "app": 9,
}

# Third-party headers and the modules allowed to include them.
HOMES = [
    (re.compile(r"^duckdb(\.h|_extension\.h)$"), {"store"}),
    (re.compile(r"^boost/"), {"feed", "server"}),
    (re.compile(r"^CLI/"), {"cli"}),
    (re.compile(r"^date/"), {"calendar"}),
    (re.compile(r"^readline/"), {"cli"}),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
DEPS = re.compile(r"td_module\(\s*(\w+)(.*?)\)", re.S)
TEST_DEPS = re.compile(r"td_test\(\s*(\w+)(.*?)\)", re.S)


def declared_deps():
    deps = {}
    for cmake in sorted(SRC.glob("*/CMakeLists.txt")):
        text = cmake.read_text()
        match = DEPS.search(text)
        module = cmake.parent.name
        if not match:  # An executable (app): its td_* link targets are its deps.
            deps[module] = set(re.findall(r"\btd_(\w+)\b", text)) - {"options", "module", "test"}
            continue
        body = match.group(2)
        found = re.search(r"\bDEPS\b(.*?)(\bLIBS\b|\bSOURCES\b|$)", body, re.S)
        deps[module] = set(found.group(1).split()) if found else set()
    return deps


def declared_test_deps():
    """Modules each module's tests link (td_test DEPS): tests may include those."""
    deps = {}
    for cmake in sorted(SRC.glob("*/CMakeLists.txt")):
        found = set()
        for match in TEST_DEPS.finditer(cmake.read_text()):
            part = re.search(r"\bDEPS\b(.*)", match.group(2), re.S)
            if part:
                found |= set(part.group(1).split())
        deps[cmake.parent.name] = found
    return deps


def closure(module, deps, seen=None):
    seen = set() if seen is None else seen
    for dep in deps.get(module, ()):
        if dep not in seen:
            seen.add(dep)
            closure(dep, deps, seen)
    return seen


def main():
    errors = []
    deps = declared_deps()
    test_deps = declared_test_deps()
    for module, direct in deps.items():
        if module not in RANK:
            errors.append(f"src/{module}: not a module of docs/ARCHITECTURE.md; add it to the order")
            continue
        for dep in sorted(direct):
            if dep not in RANK:
                errors.append(f"src/{module}/CMakeLists.txt: DEPS names unknown module '{dep}'")
            elif RANK[dep] >= RANK[module]:
                errors.append(f"src/{module}/CMakeLists.txt: DEPS {dep} points up or sideways "
                              f"({module} may only depend on modules below it)")
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".hpp", ".cpp", ".h", ".cc"):
            continue
        module = path.relative_to(SRC).parts[0]
        allowed = closure(module, deps) | {module}
        if path.name.endswith("_test.cpp") or path.name.startswith("test_"):
            allowed |= {"testkit"} | closure("testkit", deps)
            for dep in test_deps.get(module, ()):
                allowed |= {dep} | closure(dep, deps)
        for header in INCLUDE.findall(path.read_text(errors="replace")):
            first = header.split("/")[0]
            rel = path.relative_to(ROOT)
            if "/" in header and first in RANK and first not in allowed:
                errors.append(f"{rel}: includes {header}, but {module} does not depend on {first}")
            for pattern, homes in HOMES:
                if pattern.search(header) and module not in homes:
                    errors.append(f"{rel}: includes {header}, which belongs in "
                                  f"{' or '.join(sorted(homes))}")
    for error in errors:
        print(error)
    if errors:
        print(f"check_layering: {len(errors)} violation(s)")
        return 1
    print("check_layering: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
