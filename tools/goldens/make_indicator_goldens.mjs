// Writes TA-Lib golden values for the streaming indicators in src/indicators.
//
// TA-Lib itself (its C code compiled to WebAssembly, npm package talib-web)
// computes each indicator over the first ROWS bars of a real 1-minute file.
// talib-web's JS wrapper passes endIdx one past the input and drops
// outBegIdx, so this script calls the exported TA_* C functions directly
// through the module's ccall with startIdx 0, endIdx n-1 and real
// outBegIdx/outNBElement pointers.
//
// Output, in tests/goldens/indicators/:
//   input_SPY_1m.csv  the bars used (canonical CSV: timestamp,open,high,low,close,volume)
//   manifest.csv      key,name,params(';'-separated),talib_call
//   <key>.csv         index,<output names...>: one row per bar, empty before
//                     TA-Lib's first value (outBegIdx), numbers in shortest
//                     round-trip form.
//
// Usage: cd tools/goldens && npm install && node make_indicator_goldens.mjs
import { createRequire } from "module";
import { readFileSync, writeFileSync, mkdirSync } from "fs";
import { dirname, join } from "path";
import { fileURLToPath } from "url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const require = createRequire(import.meta.url);
const talib = require("talib-web");

const SOURCE = join(repo, "data/sample/SPY_1m_2013-10-07_2013-10-11.csv");
const ROWS = 600;
const OUT_DIR = join(repo, "tests/goldens/indicators");

// Each config: our registry name and params (in registry order), the TA-Lib
// function, its inputs, its options (in C argument order) and our output names
// in TA-Lib's output order.
const CONFIGS = [
  { name: "sma", params: [20], fn: "SMA", inputs: ["close"], options: [20], outputs: ["sma"] },
  { name: "sma", params: [2], fn: "SMA", inputs: ["close"], options: [2], outputs: ["sma"] },
  { name: "ema", params: [20], fn: "EMA", inputs: ["close"], options: [20], outputs: ["ema"] },
  { name: "ema", params: [2], fn: "EMA", inputs: ["close"], options: [2], outputs: ["ema"] },
  { name: "wma", params: [20], fn: "WMA", inputs: ["close"], options: [20], outputs: ["wma"] },
  { name: "dema", params: [10], fn: "DEMA", inputs: ["close"], options: [10], outputs: ["dema"] },
  { name: "tema", params: [10], fn: "TEMA", inputs: ["close"], options: [10], outputs: ["tema"] },
  { name: "kama", params: [10], fn: "KAMA", inputs: ["close"], options: [10], outputs: ["kama"] },
  { name: "trix", params: [15], fn: "TRIX", inputs: ["close"], options: [15], outputs: ["trix"] },
  { name: "macd", params: [12, 26, 9], fn: "MACD", inputs: ["close"], options: [12, 26, 9],
    outputs: ["macd", "macdsignal", "macdhist"] },
  { name: "macd", params: [5, 35, 5], fn: "MACD", inputs: ["close"], options: [5, 35, 5],
    outputs: ["macd", "macdsignal", "macdhist"] },
  { name: "rsi", params: [14], fn: "RSI", inputs: ["close"], options: [14], outputs: ["rsi"] },
  { name: "rsi", params: [2], fn: "RSI", inputs: ["close"], options: [2], outputs: ["rsi"] },
  // STOCH options: fastK, slowK, slowK_MAType (0 = SMA), slowD, slowD_MAType.
  { name: "stoch", params: [5, 3, 3], fn: "STOCH", inputs: ["high", "low", "close"],
    options: [5, 3, 0, 3, 0], outputs: ["slowk", "slowd"] },
  { name: "stoch", params: [14, 3, 5], fn: "STOCH", inputs: ["high", "low", "close"],
    options: [14, 3, 0, 5, 0], outputs: ["slowk", "slowd"] },
  { name: "stochf", params: [5, 3], fn: "STOCHF", inputs: ["high", "low", "close"],
    options: [5, 3, 0], outputs: ["fastk", "fastd"] },
  { name: "cci", params: [20], fn: "CCI", inputs: ["high", "low", "close"], options: [20],
    outputs: ["cci"] },
  { name: "willr", params: [14], fn: "WILLR", inputs: ["high", "low", "close"], options: [14],
    outputs: ["willr"] },
  { name: "mom", params: [10], fn: "MOM", inputs: ["close"], options: [10], outputs: ["mom"] },
  { name: "roc", params: [10], fn: "ROC", inputs: ["close"], options: [10], outputs: ["roc"] },
  { name: "adx", params: [14], fn: "ADX", inputs: ["high", "low", "close"], options: [14],
    outputs: ["adx"] },
  { name: "adx", params: [5], fn: "ADX", inputs: ["high", "low", "close"], options: [5],
    outputs: ["adx"] },
  { name: "plus_di", params: [14], fn: "PLUS_DI", inputs: ["high", "low", "close"], options: [14],
    outputs: ["plus_di"] },
  { name: "minus_di", params: [14], fn: "MINUS_DI", inputs: ["high", "low", "close"],
    options: [14], outputs: ["minus_di"] },
  { name: "aroon", params: [14], fn: "AROON", inputs: ["high", "low"], options: [14],
    outputs: ["aroondown", "aroonup"] },
  { name: "mfi", params: [14], fn: "MFI", inputs: ["high", "low", "close", "volume"],
    options: [14], outputs: ["mfi"] },
  { name: "ultosc", params: [7, 14, 28], fn: "ULTOSC", inputs: ["high", "low", "close"],
    options: [7, 14, 28], outputs: ["ultosc"] },
  { name: "ultosc", params: [20, 5, 10], fn: "ULTOSC", inputs: ["high", "low", "close"],
    options: [20, 5, 10], outputs: ["ultosc"] },
  { name: "sar", params: [0.02, 0.2], fn: "SAR", inputs: ["high", "low"], options: [0.02, 0.2],
    outputs: ["sar"] },
  { name: "atr", params: [14], fn: "ATR", inputs: ["high", "low", "close"], options: [14],
    outputs: ["atr"] },
  { name: "natr", params: [14], fn: "NATR", inputs: ["high", "low", "close"], options: [14],
    outputs: ["natr"] },
  { name: "trange", params: [], fn: "TRANGE", inputs: ["high", "low", "close"], options: [],
    outputs: ["trange"] },
  // BBANDS options: period, nbDevUp, nbDevDn, MAType (0 = SMA).
  { name: "bbands", params: [20, 2], fn: "BBANDS", inputs: ["close"], options: [20, 2, 2, 0],
    outputs: ["upperband", "middleband", "lowerband"] },
  { name: "bbands", params: [10, 1.5], fn: "BBANDS", inputs: ["close"], options: [10, 1.5, 1.5, 0],
    outputs: ["upperband", "middleband", "lowerband"] },
  // STDDEV options: period, nbDev.
  { name: "stddev", params: [20], fn: "STDDEV", inputs: ["close"], options: [20, 1],
    outputs: ["stddev"] },
  { name: "linearreg", params: [14], fn: "LINEARREG", inputs: ["close"], options: [14],
    outputs: ["linearreg"] },
  { name: "midprice", params: [14], fn: "MIDPRICE", inputs: ["high", "low"], options: [14],
    outputs: ["midprice"] },
  { name: "obv", params: [], fn: "OBV", inputs: ["close", "volume"], options: [], outputs: ["obv"] },
  { name: "ad", params: [], fn: "AD", inputs: ["high", "low", "close", "volume"], options: [],
    outputs: ["ad"] },
  { name: "adosc", params: [3, 10], fn: "ADOSC", inputs: ["high", "low", "close", "volume"],
    options: [3, 10], outputs: ["adosc"] },
];

function readBars() {
  const lines = readFileSync(SOURCE, "utf8").trim().split("\n");
  if (lines[0] !== "timestamp,open,high,low,close,volume") throw new Error("unexpected header");
  const rows = lines.slice(1, ROWS + 1);
  const bars = { text: [lines[0], ...rows].join("\n") + "\n", open: [], high: [], low: [],
                 close: [], volume: [] };
  for (const row of rows) {
    const [, o, h, l, c, v] = row.split(",");
    bars.open.push(Number(o));
    bars.high.push(Number(h));
    bars.low.push(Number(l));
    bars.close.push(Number(c));
    bars.volume.push(Number(v));
  }
  return bars;
}

function callTaLib(Module, config, bars) {
  const n = bars.close.length;
  const allocated = [];
  const alloc = (bytes) => {
    const p = Module._malloc(bytes);
    allocated.push(p);
    return p;
  };
  const args = [0, n - 1];
  for (const input of config.inputs) {
    const p = alloc(8 * n);
    Module.HEAPF64.set(Float64Array.from(bars[input]), p / 8);
    args.push(p);
  }
  args.push(...config.options);
  const begPtr = alloc(4);
  const countPtr = alloc(4);
  args.push(begPtr, countPtr);
  const outPtrs = config.outputs.map(() => alloc(8 * n));
  args.push(...outPtrs);
  const ret = Module.ccall(`TA_${config.fn}`, "number", args.map(() => "number"), args);
  if (ret !== 0) throw new Error(`TA_${config.fn} returned ${ret}`);
  const begin = Module.HEAP32[begPtr / 4];
  const count = Module.HEAP32[countPtr / 4];
  const columns = outPtrs.map((p) => {
    const column = new Array(n).fill(null);
    for (let i = 0; i < count; i++) column[begin + i] = Module.HEAPF64[p / 8 + i];
    return column;
  });
  allocated.forEach((p) => Module._free(p));
  return { begin, columns };
}


async function main() {
  // Emscripten prefers fetch() when it exists, which cannot read a local path
  // in node; hide it so the module reads the .wasm file with fs.
  const savedFetch = globalThis.fetch;
  globalThis.fetch = undefined;
  const Module = await talib.init(require.resolve("talib-web/lib/talib.wasm"));
  globalThis.fetch = savedFetch;

  const bars = readBars();
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, "input_SPY_1m.csv"), bars.text);
  const manifest = ["key,name,params,talib_call"];
  for (const config of CONFIGS) {
    const key = [config.name, ...config.params.map(String), "1m"].join("_");
    const { begin, columns } = callTaLib(Module, config, bars);
    const lines = [["index", ...config.outputs].join(",")];
    for (let i = 0; i < bars.close.length; i++) {
      const cells = columns.map((c) => (c[i] === null ? "" : String(c[i])));
      lines.push([String(i), ...cells].join(","));
    }
    writeFileSync(join(OUT_DIR, `${key}.csv`), lines.join("\n") + "\n");
    const call = `TA_${config.fn}(${[...config.inputs, ...config.options].join(" ")})`;
    manifest.push([key, config.name, config.params.join(";"), call].join(","));
    console.log(`${key}: first value at bar ${begin}`);
  }
  writeFileSync(join(OUT_DIR, "manifest.csv"), manifest.join("\n") + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
