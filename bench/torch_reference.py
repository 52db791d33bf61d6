"""PyTorch reference for `deno task bench` (plain torch, CPU; what PyG does on CPU, without PyG).

Usage: python3 bench/torch_reference.py TASK DATA_DIR THREADS [REPS] [HYPERPARAMS_JSON]
TASK: spmm | gcn | gcn_dense | gat | arxiv | ours_cora. DATA_DIR holds the files bench/main.ts
exported from our loaders (meta.json + raw little-endian .bin arrays), so both sides train on
identical inputs. Prints one JSON line on stdout: the timings in milliseconds and the peak RSS
(VmHWM) in MiB. With `"variants": true` in HYPERPARAMS_JSON it also times every implementation in
VARIANTS for the task (key `variants`: label -> CPU ms per call, step or epoch). Every timed figure
comes twice: wall clock (`key`) and process CPU time (`key_cpu`).

Each task runs the fastest reasonable PyTorch implementation measured on the bench machine (IMPL;
the choice and what was tried is in BENCHMARKS.md), except `gcn_dense`, which is the old reference
kept as a labelled extra: dense features and F.dropout on them.
"""

import itertools
import json
import os
import sys
import time

# The thread count goes to OpenMP before torch loads: torch.set_num_threads alone leaves OpenMP's
# default pool (one thread per core) running, whose idle threads cost a 1-thread run 20-60% of its
# time on the 2-core bench machine.
if len(sys.argv) > 3:
    os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = sys.argv[3]

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# How each task's model is written; the keys are Impl's arguments. Chosen per task as the fastest in
# `deno task bench --only spmm,gcn,gat,arxiv,ours_cora --torch-variants` (see BENCHMARKS.md).
IMPL = {
    "spmm": {"spmm": "coo_t"},
    "gcn": {"features": "sparse", "dropout": "numpy", "spmm": "coo"},
    "gcn_dense": {"features": "dense", "dropout": "torch", "spmm": "coo"},
    "gat": {"features": "sparse", "dropout": "numpy"},
    "arxiv": {"features": "dense", "dropout": "numpy", "spmm": "coo"},
    "ours_cora": {"features": "sparse", "dropout": "numpy", "spmm": "coo_t"},
}

# The alternatives `--torch-variants` times per task (every combination).
VARIANTS = {
    "spmm": {"spmm": ["coo", "coo_t", "csr", "index_add"]},
    "gcn": {
        "features": ["sparse", "dense"],
        "dropout": ["torch", "rand", "numpy"],
        "spmm": ["coo", "coo_t", "csr", "index_add"],
    },
    "gat": {"features": ["sparse", "dense"], "dropout": ["torch", "rand", "numpy"]},
    "arxiv": {"dropout": ["torch", "rand", "numpy"], "spmm": ["coo", "coo_t", "csr"]},
    "ours_cora": {
        "features": ["sparse", "dense"],
        "dropout": ["torch", "rand", "numpy"],
        "spmm": ["coo", "coo_t", "csr", "index_add"],
    },
}


def load(data_dir):
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)

    def arr(name, dtype, shape=None):
        a = np.fromfile(os.path.join(data_dir, name + ".bin"), dtype=dtype)
        return torch.from_numpy(a.reshape(shape) if shape else a)

    n, e = meta["numNodes"], meta["numEdges"]
    d = {
        "meta": meta,
        "edge_index": arr("edge_index", "<i4", (2, e)).long(),
        "x": arr("x", "<f4", (n, meta["numFeatures"])),
        "y": arr("y", "<i4").long(),
        "train": arr("train", "<i4").long(),
        "val": arr("val", "<i4").long(),
        "test": arr("test", "<i4").long(),
    }
    if os.path.exists(os.path.join(data_dir, "norm_weight.bin")):
        en = meta["numNormEdges"]
        d["norm_edge_index"] = arr("norm_edge_index", "<i4", (2, en)).long()
        d["norm_weight"] = arr("norm_weight", "<f4")
    return d


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gcn_norm(edge_index, n):
    """PyG's gcn_norm: add remaining self loops, then D^-1/2 (A + I) D^-1/2 (degree over targets)."""
    src, dst = edge_index
    keep = src != dst
    loop = torch.arange(n)
    src = torch.cat([src[keep], loop])
    dst = torch.cat([dst[keep], loop])
    w = torch.ones(src.numel())
    deg = torch.zeros(n).index_add_(0, dst, w)
    inv = deg.pow(-0.5)
    inv[inv == float("inf")] = 0
    return src, dst, inv[src] * w * inv[dst]


def sparse_adj(src, dst, w, n):
    """A[v, u] = w_e as a coalesced COO tensor."""
    return torch.sparse_coo_tensor(torch.stack([dst, src]), w, (n, n)).coalesce()


class CachedTransposeSpmm(torch.autograd.Function):
    """A @ X whose backward multiplies by a transpose built once, as PyG's SparseTensor caches it;
    autograd's own backward of torch.sparse.mm transposes and coalesces A on every call."""

    @staticmethod
    def forward(ctx, a, a_t, x):
        ctx.a_t = a_t
        return torch.sparse.mm(a, x)

    @staticmethod
    def backward(ctx, grad):
        return None, None, torch.sparse.mm(ctx.a_t, grad)


class Impl:
    """How a model is written: the layout of the input features (`sparse`: a COO tensor with Kipf's
    sparse_dropout on its nonzeros; `dense`), the dropout of dense tensors (`torch`: F.dropout;
    `rand`: a torch.rand mask; `numpy`: a mask from NumPy's PCG64 generator) and the propagation
    A @ X (`coo`: torch.sparse.mm on a coalesced COO tensor; `coo_t`: the same with a cached
    transpose for the backward pass; `csr`: a CSR tensor; `index_add`: gather-scatter)."""

    def __init__(self, features="dense", dropout="torch", spmm="coo"):
        self.features, self.dropout_kind, self.spmm = features, dropout, spmm
        self.np_rng = np.random.default_rng(0)

    @staticmethod
    def label(choices):
        """`features=sparse dropout=rand ...`: the choices a task makes, in IMPL's order."""
        return " ".join(f"{k}={v}" for k, v in choices.items())

    def input(self, x):
        return x.to_sparse().coalesce() if self.features == "sparse" else x

    def keep_mask(self, shape, p):
        if self.dropout_kind == "numpy":
            return torch.from_numpy(self.np_rng.random(shape, dtype=np.float32) >= p)
        return torch.rand(shape) >= p

    def dropout(self, x, p, training):
        if not training or p == 0:
            return x
        if x.is_sparse:  # Kipf's sparse_dropout: drop nonzeros, rescale the kept ones
            keep = self.keep_mask(x._nnz(), p)
            return torch.sparse_coo_tensor(
                x._indices()[:, keep], x._values()[keep] / (1 - p), x.shape
            )
        if self.dropout_kind == "torch":
            return F.dropout(x, p)
        return x * self.keep_mask(x.shape, p) * (1 / (1 - p))

    @staticmethod
    def matmul(x, w):
        return torch.sparse.mm(x, w) if x.is_sparse else x @ w

    def propagation(self, edge_index, n):
        """gcn_norm's A as a function h -> A @ h."""
        return self.product(*gcn_norm(edge_index, n), n)

    def product(self, src, dst, w, n):
        """A[dst, src] = w as a function h -> A @ h."""
        if self.spmm == "index_add":
            return lambda h: torch.zeros(n, h.shape[1]).index_add_(0, dst, h[src] * w[:, None])
        a = sparse_adj(src, dst, w, n)
        if self.spmm == "csr":
            a = a.to_sparse_csr()
            return lambda h: a @ h
        if self.spmm == "coo_t":
            a_t = sparse_adj(dst, src, w, n)
            return lambda h: CachedTransposeSpmm.apply(a, a_t, h)
        return lambda h: torch.sparse.mm(a, h)


def glorot(fan_in, fan_out):
    return torch.nn.init.xavier_uniform_(torch.empty(fan_in, fan_out))


class GCN(torch.nn.Module):
    """PyG's GCN (GCNConv, cached=True): conv -> relu -> dropout, ..., conv (logits)."""

    def __init__(self, dims, dropout, impl):
        super().__init__()
        self.weights = torch.nn.ParameterList([glorot(a, b) for a, b in zip(dims, dims[1:])])
        self.biases = torch.nn.ParameterList([torch.zeros(b) for b in dims[1:]])
        self.dropout, self.impl = dropout, impl
        self.propagate = None

    def forward(self, x, edge_index):
        if self.propagate is None:  # cached=True: normalise once, inside the first (timed) call
            self.propagate = self.impl.propagation(edge_index, x.shape[0])
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = self.impl.dropout(x, self.dropout, self.training)
            x = self.propagate(self.impl.matmul(x, w)) + b
            if i < len(self.weights) - 1:
                x = F.relu(x)
        return x


def segment_softmax(scores, dst, n):
    """PyG's softmax(src, index): per-target max, exp, per-target sum (scatter_reduce/index_add_)."""
    h = scores.shape[1]
    idx = dst.unsqueeze(1).expand(-1, h)
    mx = torch.full((n, h), float("-inf")).scatter_reduce(0, idx, scores, "amax", include_self=False)
    ex = (scores - mx[dst]).exp()
    den = torch.zeros(n, h).index_add_(0, dst, ex)
    return ex / (den[dst] + 1e-16)


class GATConv(torch.nn.Module):
    """PyG's GATConv (self loops added, LeakyReLU 0.2, attention dropout), gather/scatter on CPU."""

    def __init__(self, fin, fout, heads, concat, dropout, impl):
        super().__init__()
        self.w = torch.nn.Parameter(glorot(fin, heads * fout))
        self.att_src = torch.nn.Parameter(glorot(heads, fout))
        self.att_dst = torch.nn.Parameter(glorot(heads, fout))
        self.bias = torch.nn.Parameter(torch.zeros(heads * fout if concat else fout))
        self.heads, self.fout, self.concat, self.dropout = heads, fout, concat, dropout
        self.impl = impl

    def forward(self, x, src, dst):
        n, h, c = x.shape[0], self.heads, self.fout
        xw = self.impl.matmul(x, self.w).view(n, h, c)
        a_src = (xw * self.att_src).sum(-1)
        a_dst = (xw * self.att_dst).sum(-1)
        alpha = F.leaky_relu(a_src[src] + a_dst[dst], 0.2)
        alpha = segment_softmax(alpha, dst, n)
        alpha = self.impl.dropout(alpha, self.dropout, self.training)
        out = torch.zeros(n, h, c).index_add_(0, dst, xw[src] * alpha.unsqueeze(-1))
        out = out.reshape(n, h * c) if self.concat else out.mean(1)
        return out + self.bias


class GAT(torch.nn.Module):
    def __init__(self, fin, hidden, heads, classes, dropout, impl):
        super().__init__()
        self.conv1 = GATConv(fin, hidden, heads, True, dropout, impl)
        self.conv2 = GATConv(hidden * heads, classes, 1, False, dropout, impl)
        self.dropout, self.impl = dropout, impl
        self.loops = None

    def forward(self, x, edge_index):
        if self.loops is None:
            src, dst = edge_index
            keep = src != dst
            loop = torch.arange(x.shape[0])
            self.loops = (torch.cat([src[keep], loop]), torch.cat([dst[keep], loop]))
        src, dst = self.loops
        x = self.impl.dropout(x, self.dropout, self.training)
        x = F.elu(self.conv1(x, src, dst))
        x = self.impl.dropout(x, self.dropout, self.training)
        return self.conv2(x, src, dst)


class AdaptiveGNN(torch.nn.Module):
    """lib/models/adaptive_gnn.ts without its optional parts (as configs/cora-adaptive.yaml): encoder,
    mixed-order propagation mean_{k=0..K} P^k h0 over the gcn-normalised graph, relu, dropout,
    classifier. In training, `samples` DropNode masks (whole rows of h0) give one prediction each."""

    def __init__(self, fin, classes, hp, impl):
        super().__init__()
        self.w1 = torch.nn.Parameter(glorot(fin, hp["hidden"]))
        self.b1 = torch.nn.Parameter(torch.zeros(hp["hidden"]))
        self.w2 = torch.nn.Parameter(glorot(hp["hidden"], classes))
        self.b2 = torch.nn.Parameter(torch.zeros(classes))
        self.hp, self.impl = hp, impl
        self.propagate = None

    def mixed_order(self, h0):
        h, total = h0, h0
        for _ in range(self.hp["steps"]):
            h = self.propagate(h)
            total = total + h
        return total / (self.hp["steps"] + 1)

    def classify(self, z):
        z = self.impl.dropout(F.relu(z), self.hp["dropout"], self.training)
        return z @ self.w2 + self.b2

    def forward(self, x, edge_index):
        """Logits per sample: one list entry in evaluation, `samples` in training."""
        if self.propagate is None:
            self.propagate = self.impl.propagation(edge_index, x.shape[0])
        x = self.impl.dropout(x, self.hp["inputDropout"], self.training)
        h0 = self.impl.matmul(x, self.w1) + self.b1
        if not self.training:
            return [self.classify(self.mixed_order(h0))]
        rate = self.hp["dropNode"]
        n, samples = x.shape[0], self.hp["samples"]
        masks = [(torch.rand(n, 1) >= rate).float() / (1 - rate) for _ in range(samples)]
        return [self.classify(self.mixed_order(h0 * m)) for m in masks]


def ours_loss(outs, d, hp):
    """Mean task loss over the samples plus GRAND's consistency loss to the sharpened mean."""
    t = d["train"]
    loss = sum(F.cross_entropy(o[t], d["y"][t]) for o in outs) / len(outs)
    if len(outs) > 1 and hp["consistency"] > 0:
        probs = [F.softmax(o, 1) for o in outs]
        powered = (sum(probs) / len(probs)).pow(1 / hp["temperature"])
        target = (powered / powered.sum(1, keepdim=True)).detach()
        gaps = sum(((p - target) ** 2).sum(1).mean() for p in probs)
        loss = loss + hp["consistency"] / len(probs) * gaps
    return loss


def bench_ours(d, hp, impl, epochs):
    """`epochs` epochs of training as our runExperiment does it for configs/cora-adaptive.yaml, without
    early stopping (both sides run the same number of epochs): row-normalised features, Adam (L2
    weight decay on every parameter), a step and an evaluation pass per epoch, the best
    validation-accuracy epoch's weights (ties broken by validation loss) tested once at the end."""
    x = d["x"]
    # lib/graph/normalize_features.ts: shift to >= 0, then rows / max(row sum, 1)
    if hp["normalizeFeatures"]:
        x = x - min(x.min().item(), 0)
        x = x / x.sum(1, keepdim=True).clamp(min=1)
    x = impl.input(x)
    c = d["meta"]["numClasses"]
    t0, cpu0 = time.perf_counter(), time.process_time()
    model = AdaptiveGNN(x.shape[1], c, hp, impl)
    opt = torch.optim.Adam(model.parameters(), lr=hp["lr"], weight_decay=hp["weightDecay"])
    best_acc, best_loss, best = -1.0, float("inf"), None
    v, t = d["val"], d["train"]
    for _ in range(epochs):
        model.train()
        opt.zero_grad()
        ours_loss(model(x, d["edge_index"]), d, hp).backward()
        opt.step()
        model.eval()
        with torch.no_grad():
            out = model(x, d["edge_index"])[0]
            val_loss = F.cross_entropy(out[v], d["y"][v]).item()
            val_acc = (out[v].argmax(1) == d["y"][v]).float().mean().item()
            F.cross_entropy(out[t], d["y"][t]).item()
            (out[t].argmax(1) == d["y"][t]).float().mean().item()
        if val_acc > best_acc or (val_acc == best_acc and val_loss < best_loss):
            best_acc, best_loss = val_acc, val_loss
            best = {k: p.detach().clone() for k, p in model.state_dict().items()}
    model.load_state_dict(best)
    model.eval()
    with torch.no_grad():
        pred = model(x, d["edge_index"])[0].argmax(1)
    acc = (pred[d["test"]] == d["y"][d["test"]]).float().mean().item()
    total, cpu = (time.perf_counter() - t0) * 1e3, (time.process_time() - cpu0) * 1e3
    return {
        "ours_total": total,
        "ours_total_cpu": cpu,
        "ours_epoch": total / epochs,
        "ours_epoch_cpu": cpu / epochs,
        "ours_test_acc": acc,
        "ours_epochs": epochs,
    }


def train_step(model, opt, d, x):
    model.train()
    opt.zero_grad()
    out = model(x, d["edge_index"])
    loss = F.cross_entropy(out[d["train"]], d["y"][d["train"]])
    loss.backward()
    opt.step()
    return loss


def median_times(fn, reps):
    """Median wall-clock and CPU ms per call over `reps` calls after one warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c0) * 1e3)
        wall.append((time.perf_counter() - t0) * 1e3)
    return sorted(wall)[reps // 2], sorted(cpu)[reps // 2]


def bench_spmm(d, reps, impl):
    """The SpMM on the gcnNorm edges our side multiplies by, forward and forward+backward."""
    n = d["meta"]["numNodes"]
    src, dst = d["norm_edge_index"]
    prop = impl.product(src, dst, d["norm_weight"], n)
    gen = torch.Generator().manual_seed(2)
    out = {}
    for cols in (16, 64):
        x = torch.rand(n, cols, generator=gen) - 0.5
        xg = x.clone().requires_grad_(True)

        def fb():
            xg.grad = None
            prop(xg).sum().backward()

        with torch.no_grad():
            out[f"spmm{cols}_fwd"], out[f"spmm{cols}_fwd_cpu"] = median_times(lambda: prop(x), reps)
        out[f"spmm{cols}_fwdbwd"], out[f"spmm{cols}_fwdbwd_cpu"] = median_times(fb, reps)
    return out


def bench_gcn(d, epochs, hp, impl, key):
    """The full training run, like our train(): a step, then an evaluation pass, every epoch; the
    weights of the best validation-loss epoch are kept and tested once at the end."""
    c = d["meta"]["numClasses"]
    x = impl.input(d["x"])
    t0, cpu0 = time.perf_counter(), time.process_time()
    model = GCN([x.shape[1], hp["hidden"], c], hp["dropout"], impl)
    opt = torch.optim.Adam(model.parameters(), lr=hp["lr"], weight_decay=hp["weightDecay"])
    best_loss, best = float("inf"), None
    for _ in range(epochs):
        train_step(model, opt, d, x)
        model.eval()
        with torch.no_grad():
            out = model(x, d["edge_index"])
            v = d["val"]
            val_loss = F.cross_entropy(out[v], d["y"][v]).item()
            (out[v].argmax(1) == d["y"][v]).float().mean().item()
            t = d["train"]
            F.cross_entropy(out[t], d["y"][t]).item()
            (out[t].argmax(1) == d["y"][t]).float().mean().item()
        if val_loss < best_loss:
            best_loss = val_loss
            best = {k: p.detach().clone() for k, p in model.state_dict().items()}
    model.load_state_dict(best)
    model.eval()
    with torch.no_grad():
        pred = model(x, d["edge_index"]).argmax(1)
    acc = (pred[d["test"]] == d["y"][d["test"]]).float().mean().item()
    total, cpu = (time.perf_counter() - t0) * 1e3, (time.process_time() - cpu0) * 1e3
    return {
        f"{key}_total": total,
        f"{key}_total_cpu": cpu,
        f"{key}_epoch": total / epochs,
        f"{key}_epoch_cpu": cpu / epochs,
        f"{key}_test_acc": acc,
    }


def bench_epochs(model, d, hp, warmup, reps, key, impl):
    """Mean ms of a training step (forward, backward, Adam) after `warmup` steps."""
    x = impl.input(d["x"])
    opt = torch.optim.Adam(model.parameters(), lr=hp["lr"], weight_decay=hp["weightDecay"])
    for _ in range(warmup):
        train_step(model, opt, d, x)
    t0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(reps):
        loss = train_step(model, opt, d, x)
    return {
        key: (time.perf_counter() - t0) * 1e3 / reps,
        key + "_cpu": (time.process_time() - cpu0) * 1e3 / reps,
        key + "_loss": loss.item(),
    }


def run_task(task, d, hp, reps, impl, short=False):
    """The task's figures with `impl`; `short` (variants): fewer epochs or steps, same per-unit cost."""
    meta = d["meta"]
    if task == "spmm":
        return bench_spmm(d, (reps or 50) // (5 if short else 1), impl)
    if task in ("gcn", "gcn_dense"):
        return bench_gcn(d, 30 if short else hp["epochs"], hp, impl, task)
    if task == "gat":
        torch.manual_seed(0)
        m = GAT(meta["numFeatures"], hp["hidden"], hp["heads"], meta["numClasses"], hp["dropout"], impl)
        return bench_epochs(m, d, hp, 3, 5 if short else reps or 10, "gat_epoch", impl)
    if task == "ours_cora":
        return bench_ours(d, hp, impl, 10 if short else hp["epochs"])
    if task == "arxiv":
        dims = [meta["numFeatures"]] + [hp["hidden"]] * (hp["layers"] - 1) + [meta["numClasses"]]
        model = GCN(dims, hp["dropout"], impl)
        return bench_epochs(model, d, hp, 1, 1 if short else reps or 2, "arxiv_epoch", impl)
    raise SystemExit(f"Cannot run torch reference: unknown task {task}")


# The figure each task's variants are compared on: CPU time (one thread, so the wall-clock time on
# an idle machine), which other work on a shared machine inflates much less than the wall clock.
VARIANT_KEY = {
    "spmm": "spmm64_fwdbwd_cpu",
    "gcn": "gcn_epoch_cpu",
    "gat": "gat_epoch_cpu",
    "arxiv": "arxiv_epoch_cpu",
    "ours_cora": "ours_epoch_cpu",
}


def check_variants_agree(d):
    """Raises unless every propagation and feature layout computes the same products and gradients
    (to float32 rounding) and every dropout keeps zeros and scales what it keeps by 1 / (1 - p):
    the variants differ in speed, not in the work."""
    n, p = d["meta"]["numNodes"], 0.5
    h = torch.rand(n, 16, generator=torch.Generator().manual_seed(1)).requires_grad_(True)
    results = []
    for spmm in VARIANTS["ours_cora"]["spmm"]:
        h.grad = None
        out = Impl(spmm=spmm).propagation(d["edge_index"], n)(h)
        out.pow(2).sum().backward()
        results.append((spmm, out.detach(), h.grad.clone()))
    for spmm, out, grad in results[1:]:
        for name, a, b in (("A @ h", out, results[0][1]), ("its gradient", grad, results[0][2])):
            if not torch.allclose(a, b, atol=1e-5):
                raise SystemExit(f"Cannot compare variants: spmm={spmm} gives another {name}")
    w = torch.rand(d["x"].shape[1], 16)
    if not torch.allclose(Impl.matmul(Impl("sparse").input(d["x"]), w), d["x"] @ w, atol=1e-5):
        raise SystemExit("Cannot compare variants: sparse features give another x @ W")
    for features, dropout in itertools.product(["sparse", "dense"], ["torch", "rand", "numpy"]):
        impl = Impl(features, dropout)
        x = d["x"][:, :64] + 0  # a column block with zeros and nonzeros
        kept = impl.dropout(impl.input(x), p, True)
        kept = kept.to_dense() if kept.is_sparse else kept
        ok = bool(((kept == 0) | (kept == x / (1 - p))).all() and (kept[x == 0] == 0).all())
        if not ok:
            raise SystemExit(f"Cannot compare variants: dropout {impl.features}/{dropout} is wrong")


def variants(task, d, hp, reps):
    """CPU ms of every combination in VARIANTS[task] (the figure VARIANT_KEY names), by label: the
    median of 3 passes over all of them (1 at arxiv scale, where a step takes seconds), so a load
    that changes meanwhile hits each alike."""
    passes = 1 if task == "arxiv" else 3
    if "norm_weight" in d:  # Cora: cheap enough to check every time
        check_variants_agree(d)
    options = VARIANTS[task]
    combos = [{**IMPL[task], **dict(zip(options, v))} for v in itertools.product(*options.values())]
    ms = {Impl.label(c): [] for c in combos}
    for _ in range(passes):
        for choices in combos:
            torch.manual_seed(0)
            res = run_task(task, d, hp, reps, Impl(**choices), short=True)
            ms[Impl.label(choices)].append(res[VARIANT_KEY[task]])
    return {label: sorted(v)[passes // 2] for label, v in ms.items()}


def main():
    task, data_dir, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    hp = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
    if task not in IMPL:
        raise SystemExit(f"Cannot run torch reference: unknown task {task}")
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    d = load(data_dir)
    res = run_task(task, d, hp, reps, Impl(**IMPL[task]))
    if hp.get("variants") and task in VARIANTS:
        res["variants"] = variants(task, d, hp, reps)
    res["impl"] = Impl.label(IMPL[task])
    res["peak_rss_mib"] = peak_rss_mib()
    res["torch"] = torch.__version__
    res["threads"] = torch.get_num_threads()
    print(json.dumps(res))


if __name__ == "__main__":
    main()
