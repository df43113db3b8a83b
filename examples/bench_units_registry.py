"""What the units tool's pint registry costs, and what caching it saves (measured side by side).

    python examples/bench_units_registry.py

Prints: pint's import, building a UnitRegistry, a first convert call (which builds the cached
registry), and the mean of later calls, which reuse it.
"""

import time


def main() -> None:
    started = time.perf_counter()
    import pint

    imported = time.perf_counter()
    pint.UnitRegistry()
    built = time.perf_counter()
    from agora.tools.units import convert

    t0 = time.perf_counter()
    convert(12, "feet", "meters")  # builds the process's registry once
    first = time.perf_counter() - t0
    n = 200
    t0 = time.perf_counter()
    for i in range(n):
        convert(i, "degrees Fahrenheit", "Celsius")
    later = (time.perf_counter() - t0) / n
    print(f"import pint           {imported - started:8.3f} s")
    print(f"UnitRegistry()        {built - imported:8.3f} s")
    print(f"first convert call    {first:8.3f} s  (builds the cached registry)")
    print(f"later convert calls   {later * 1000:8.3f} ms each (mean of {n}; {first / later:.0f}x faster)")


if __name__ == "__main__":
    main()
