// The browser side of bench:playground, as plain JavaScript source: tsx compiles functions passed to
// page.evaluate with helpers (__name) the page does not have, so the code that runs in the pages is
// kept as text and called through small evaluate expressions.

/**
 * Runs in the playground page before its own scripts. Keeps a handle on the ORT worker the page starts
 * (the one that answers "loaded"), drives it through the page's protocol (lib/playground/worker-protocol.ts)
 * and times clicks to what appears on the page, all with the page's own clock.
 */
export const PAGE_INIT_SCRIPT = String.raw`(() => {
  const bench = (window.__bench = { loaded: null, worker: null, seq: 1e9 });
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", (e) => {
        if (e.data && e.data.type === "loaded") { bench.loaded = e.data; bench.worker = this; }
      });
    }
  };
  const q = (id) => document.querySelector('[data-testid="' + id + '"]');
  const onClickOf = (id, fn) => document.addEventListener("click", (e) => { if (e.target instanceof Element && e.target.closest('[data-testid="' + id + '"]')) fn(performance.now()); }, true);
  const watch = (check) => { const o = new MutationObserver(() => check(o)); o.observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true }); return o; };

  /** Click on "Load model" → the runtime line (or the error) on the page. */
  bench.armLoad = () => { bench.load = new Promise((resolve) => {
    let clicked = null;
    const check = (o) => {
      if (clicked === null) return;
      const ok = q("backend"), err = q("playground-error");
      if (ok || err) { o.disconnect(); resolve({ ms: performance.now() - clicked, error: err ? err.textContent : null }); }
    };
    const o = watch(check);
    onClickOf("load-model", (t) => { if (clicked === null) clicked = t; });
  }); };

  /** Click on "Generate" → first generated character on the page → data-done. */
  bench.armGenerate = () => { bench.gen = new Promise((resolve) => {
    const pre = q("generated"), base = pre.querySelector("b").textContent.length;
    let clicked = null, cleared = false, first = null;
    const check = (o) => {
      if (clicked === null) return;
      const len = pre.textContent.length;
      if (!cleared) { if (len !== base) return; cleared = true; }
      if (first === null && len > base) first = performance.now() - clicked;
      if (first !== null && pre.getAttribute("data-done") === "true") { o.disconnect(); resolve({ firstMs: first, doneMs: performance.now() - clicked, chars: len - base }); }
    };
    const o = watch(check);
    onClickOf("generate", (t) => { if (clicked === null) { clicked = t; check(o); } });
  }); };

  const packArrays = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array, int8: Int8Array };
  const pack = ({ type, data }) =>
    type === "int64" ? BigInt64Array.from(data, (x) => BigInt(x))
    : type === "bool" ? Uint8Array.from(data, (x) => (x ? 1 : 0))
    : packArrays[type].from(data);

  /** n runs of the same feeds through the worker: page-side round trips and the worker's own session.run times. */
  bench.runWorker = async (feeds, n) => {
    const w = bench.worker;
    if (!w) throw new Error("no ORT worker has loaded a model");
    const round = [], inner = [];
    let first = null;
    for (let i = 0; i < n; i++) {
      const id = ++bench.seq;
      const r = await new Promise((resolve, reject) => {
        let t0 = 0;
        const on = (e) => {
          if (!e.data || e.data.id !== id) return;
          const ms = performance.now() - t0;
          w.removeEventListener("message", on);
          e.data.type === "outputs" ? resolve({ ms, out: e.data }) : reject(new Error(e.data.message));
        };
        w.addEventListener("message", on);
        t0 = performance.now();
        // Packed and transferred as the tensor widget does (packFeeds in lib/playground/tensor-feeds.ts),
        // inside the timing, as the bare page makes its tensors inside its own.
        const packed = feeds.map((f) => ({ ...f, data: pack(f) }));
        w.postMessage({ type: "run", id, feeds: packed }, packed.map((f) => f.data.buffer));
      });
      round.push(r.ms);
      inner.push(r.out.ms);
      first = first || (r.out.outputs[0] ? r.out.outputs[0].preview.slice(0, 16) : []);
    }
    return { round, inner, first };
  };
})();`;

/**
 * ORT set up as lib/playground/ort-runtime.ts does it (the WASM-only build for WASM, the WebGPU build
 * for WebGPU; the same thread count), imported when first needed so a load's time includes it, and feeds
 * turned into tensors as its toTensor does. `proxy` is onnxruntime-web's own worker (env.wasm.proxy).
 */
const ortSetup = (ortBase: string) => `const ortBase = "${ortBase}";
let ort = null;
const importOrt = async (backend, proxy) => {
  if (ort) return ort;
  const mod = await import(ortBase + (backend === "webgpu" ? "ort.webgpu.min.mjs" : "ort.wasm.min.mjs"));
  mod.env.wasm.wasmPaths = ortBase;
  // The same formula as wasmThreads in lib/playground/ort-assets.ts (this text runs in the page).
  mod.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, Math.max(1, Math.ceil((navigator.hardwareConcurrency || 1) / 2))) : 1;
  mod.env.wasm.proxy = proxy;
  return (ort = mod);
};
const sessions = new Map();
const arrays = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array, int8: Int8Array };
const tensor = ({ type, dims, data }) =>
  type === "int64" ? new ort.Tensor("int64", BigInt64Array.from(data, (x) => BigInt(x)), dims)
  : type === "bool" ? new ort.Tensor("bool", Uint8Array.from(data, (x) => (x ? 1 : 0)), dims)
  : new ort.Tensor(type, arrays[type].from(data), dims);
const create = async (key, bytes, backend, proxy) => {
  const t0 = performance.now();
  try {
    await importOrt(backend, proxy);
    sessions.set(key, await ort.InferenceSession.create(bytes, { executionProviders: [backend] }));
    return { sessionMs: performance.now() - t0, error: null };
  } catch (e) {
    return { sessionMs: NaN, error: String((e && e.message) || e) };
  }
};
const runOnce = async (s, input) => {
  const out = await s.run(input);
  const values = [];
  for (const name of s.outputNames) values.push(await out[name].getData());
  return values;
};`;

/**
 * A minimal worker for the diagnostic "bare worker" figure: the page's protocol reduced to the hop
 * (feeds as plain arrays in, tensors built in the worker, session.run, outputs read, a bare reply out).
 */
export const bareWorkerJs = (ortBase: string) => `${ortSetup(ortBase)}
self.onmessage = async ({ data: m }) => {
  if (m.type === "load") return self.postMessage({ id: m.id, ...(await create(m.key, new Uint8Array(m.bytes), m.backend, false)) });
  try {
    const s = sessions.get(m.key);
    await runOnce(s, Object.fromEntries(m.feeds.map((f) => [f.name, tensor(f)])));
    self.postMessage({ id: m.id, error: null });
  } catch (e) {
    self.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
};`;

/**
 * A bare page: the same ORT files, the same thread setting, the same backend. WASM runs in
 * onnxruntime-web's own worker (env.wasm.proxy = true), WebGPU on the page's main thread (ORT has no
 * proxy for it). `load` is what a bare page does before it is ready: import ORT, fetch the model, create the session.
 */
export const bareHtml = (ortBase: string) => `<!doctype html><meta charset="utf-8"><title>bare onnxruntime-web</title>
<script type="module">
${ortSetup(ortBase)}
const worker = new Worker("/bare-worker.mjs", { type: "module" });
let seq = 0;
const call = (msg, transfer) => new Promise((resolve) => {
  const id = ++seq;
  const on = (e) => { if (e.data.id !== id) return; const at = performance.now(); worker.removeEventListener("message", on); resolve({ ...e.data, at }); };
  worker.addEventListener("message", on);
  worker.postMessage({ ...msg, id }, transfer || []);
});
const fetchBytes = async (url) => {
  const t0 = performance.now();
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  return { bytes, fetchMs: performance.now() - t0 };
};
window.bare = {
  threads: self.crossOriginIsolated ? Math.min(4, Math.max(1, Math.ceil((navigator.hardwareConcurrency || 1) / 2))) : 1,
  isolated: self.crossOriginIsolated,
  async load(key, url, backend) {
    const t0 = performance.now();
    const { bytes, fetchMs } = await fetchBytes(url);
    const r = await create(key, bytes, backend, backend === "wasm");
    return { fetchMs, ...r, readyMs: performance.now() - t0 };
  },
  async loadWorker(key, url, backend) {
    const { bytes } = await fetchBytes(url);
    const r = await call({ type: "load", key, bytes: bytes.buffer, backend }, [bytes.buffer]);
    return { sessionMs: r.sessionMs, error: r.error };
  },
  // Each run is session.run plus reading every output. On the main thread the feeds become tensors once,
  // outside the timing; ORT's proxy transfers (detaches) the input buffers, so there each run makes its own.
  async run(key, feeds, n) {
    const s = sessions.get(key);
    const proxy = ort.env.wasm.proxy;
    const inputs = () => Object.fromEntries(feeds.map((f) => [f.name, tensor(f)]));
    const once = proxy ? null : inputs();
    const times = [];
    let first = null;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const values = await runOnce(s, once || inputs());
      times.push(performance.now() - t0);
      first = first || Array.from(values[0].slice(0, 16), Number);
    }
    return { times, first };
  },
  async runWorker(key, feeds, n) {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = await call({ type: "run", key, feeds });
      if (r.error) throw new Error(r.error);
      times.push(r.at - t0);
    }
    return times;
  },
};
window.bareReady = true;
</script>`;
