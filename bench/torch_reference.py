"""PyTorch reference for `deno task bench` (plain torch, CPU; what PyG does on CPU, without PyG).

Usage: python3 bench/torch_reference.py TASK DATA_DIR THREADS [REPS] [HYPERPARAMS_JSON]
TASK: spmm | gcn | gat | arxiv | ours_cora. DATA_DIR holds the files bench/main.ts exported from our loaders
(meta.json + raw little-endian .bin arrays), so both sides train on identical inputs.
Prints one JSON line on stdout: the timings in milliseconds and the peak RSS (VmHWM) in MiB.
"""

import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


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
    """A[v, u] = w_e as a coalesced COO tensor: the fastest torch.sparse.mm layout on CPU here."""
    return torch.sparse_coo_tensor(torch.stack([dst, src]), w, (n, n)).coalesce()


def glorot(fan_in, fan_out):
    return torch.nn.init.xavier_uniform_(torch.empty(fan_in, fan_out))


class GCN(torch.nn.Module):
    """PyG's GCN (GCNConv, cached=True): conv -> relu -> dropout, ..., conv (logits)."""

    def __init__(self, dims, dropout):
        super().__init__()
        self.weights = torch.nn.ParameterList([glorot(a, b) for a, b in zip(dims, dims[1:])])
        self.biases = torch.nn.ParameterList([torch.zeros(b) for b in dims[1:]])
        self.dropout = dropout
        self.adj = None

    def forward(self, x, edge_index):
        if self.adj is None:  # cached=True: normalise once, inside the first (timed) call
            src, dst, w = gcn_norm(edge_index, x.shape[0])
            self.adj = sparse_adj(src, dst, w, x.shape[0])
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = F.dropout(x, self.dropout, self.training)
            x = torch.sparse.mm(self.adj, x @ w) + b
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

    def __init__(self, fin, fout, heads, concat, dropout):
        super().__init__()
        self.w = torch.nn.Parameter(glorot(fin, heads * fout))
        self.att_src = torch.nn.Parameter(glorot(heads, fout))
        self.att_dst = torch.nn.Parameter(glorot(heads, fout))
        self.bias = torch.nn.Parameter(torch.zeros(heads * fout if concat else fout))
        self.heads, self.fout, self.concat, self.dropout = heads, fout, concat, dropout

    def forward(self, x, src, dst):
        n, h, c = x.shape[0], self.heads, self.fout
        xw = (x @ self.w).view(n, h, c)
        a_src = (xw * self.att_src).sum(-1)
        a_dst = (xw * self.att_dst).sum(-1)
        alpha = F.leaky_relu(a_src[src] + a_dst[dst], 0.2)
        alpha = segment_softmax(alpha, dst, n)
        alpha = F.dropout(alpha, self.dropout, self.training)
        out = torch.zeros(n, h, c).index_add_(0, dst, xw[src] * alpha.unsqueeze(-1))
        out = out.reshape(n, h * c) if self.concat else out.mean(1)
        return out + self.bias


class GAT(torch.nn.Module):
    def __init__(self, fin, hidden, heads, classes, dropout):
        super().__init__()
        self.conv1 = GATConv(fin, hidden, heads, True, dropout)
        self.conv2 = GATConv(hidden * heads, classes, 1, False, dropout)
        self.dropout = dropout
        self.loops = None

    def forward(self, x, edge_index):
        if self.loops is None:
            src, dst = edge_index
            keep = src != dst
            loop = torch.arange(x.shape[0])
            self.loops = (torch.cat([src[keep], loop]), torch.cat([dst[keep], loop]))
        src, dst = self.loops
        x = F.dropout(x, self.dropout, self.training)
        x = F.elu(self.conv1(x, src, dst))
        x = F.dropout(x, self.dropout, self.training)
        return self.conv2(x, src, dst)


class Ours(torch.nn.Module):
    """lib/models/adaptive_gnn.ts without its optional parts (as configs/cora-adaptive.yaml): encoder,
    mixed-order propagation mean_{k=0..K} P^k h0 over the gcn-normalised graph, relu, dropout,
    classifier. In training, `samples` DropNode masks (whole rows of h0) give one prediction each."""

    def __init__(self, fin, classes, hp):
        super().__init__()
        self.w1 = torch.nn.Parameter(glorot(fin, hp["hidden"]))
        self.b1 = torch.nn.Parameter(torch.zeros(hp["hidden"]))
        self.w2 = torch.nn.Parameter(glorot(hp["hidden"], classes))
        self.b2 = torch.nn.Parameter(torch.zeros(classes))
        self.hp = hp
        self.adj = None

    def propagate(self, h0):
        h, total = h0, h0
        for _ in range(self.hp["steps"]):
            h = torch.sparse.mm(self.adj, h)
            total = total + h
        return total / (self.hp["steps"] + 1)

    def classify(self, z):
        return F.dropout(F.relu(z), self.hp["dropout"], self.training) @ self.w2 + self.b2

    def forward(self, x, edge_index):
        """Logits per sample: one list entry in evaluation, `samples` in training."""
        if self.adj is None:
            src, dst, w = gcn_norm(edge_index, x.shape[0])
            self.adj = sparse_adj(src, dst, w, x.shape[0])
        h0 = F.dropout(x, self.hp["inputDropout"], self.training) @ self.w1 + self.b1
        if not self.training:
            return [self.classify(self.propagate(h0))]
        rate = self.hp["dropNode"]
        n, samples = x.shape[0], self.hp["samples"]
        masks = [(torch.rand(n, 1) >= rate).float() / (1 - rate) for _ in range(samples)]
        return [self.classify(self.propagate(h0 * m)) for m in masks]


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


def bench_ours(d, hp):
    """One training run as our runExperiment does it for configs/cora-adaptive.yaml: row-normalised
    features, Adam (L2 weight decay on every parameter), a step and a validation pass per epoch,
    early stopping on validation accuracy (ties broken by validation loss) with `patience`, the best
    epoch's weights tested once at the end."""
    x = d["x"]
    # lib/graph/normalize_features.ts: shift to >= 0, then rows / max(row sum, 1)
    if hp["normalizeFeatures"]:
        x = x - min(x.min().item(), 0)
        x = x / x.sum(1, keepdim=True).clamp(min=1)
    c = d["meta"]["numClasses"]
    t0, cpu0 = time.perf_counter(), time.process_time()
    model = Ours(x.shape[1], c, hp)
    opt = torch.optim.Adam(model.parameters(), lr=hp["lr"], weight_decay=hp["weightDecay"])
    best_acc, best_loss, best, wait, epochs = -1.0, float("inf"), None, 0, 0
    v = d["val"]
    for _ in range(hp["epochs"]):
        epochs += 1
        model.train()
        opt.zero_grad()
        ours_loss(model(x, d["edge_index"]), d, hp).backward()
        opt.step()
        model.eval()
        with torch.no_grad():
            out = model(x, d["edge_index"])[0]
            val_loss = F.cross_entropy(out[v], d["y"][v]).item()
            val_acc = (out[v].argmax(1) == d["y"][v]).float().mean().item()
            t = d["train"]
            F.cross_entropy(out[t], d["y"][t]).item()
            (out[t].argmax(1) == d["y"][t]).float().mean().item()
        if val_acc > best_acc or (val_acc == best_acc and val_loss < best_loss) or best is None:
            best_acc, best_loss, wait = val_acc, val_loss, 0
            best = {k: p.detach().clone() for k, p in model.state_dict().items()}
        else:
            wait += 1
            if wait >= hp["patience"]:
                break
    model.load_state_dict(best)
    model.eval()
    with torch.no_grad():
        pred = model(x, d["edge_index"])[0].argmax(1)
    acc = (pred[d["test"]] == d["y"][d["test"]]).float().mean().item()
    return {
        "ours_total": (time.perf_counter() - t0) * 1e3,
        "ours_cpu": (time.process_time() - cpu0) * 1e3,
        "ours_test_acc": acc,
        "ours_epochs": epochs,
    }


def train_step(model, opt, d):
    model.train()
    opt.zero_grad()
    out = model(d["x"], d["edge_index"])
    loss = F.cross_entropy(out[d["train"]], d["y"][d["train"]])
    loss.backward()
    opt.step()
    return loss


def median_ms(fn, reps):
    fn()
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    return sorted(ms)[len(ms) // 2]


def bench_spmm(d, reps):
    n = d["meta"]["numNodes"]
    src, dst = d["norm_edge_index"]
    adj = sparse_adj(src, dst, d["norm_weight"], n)
    gen = torch.Generator().manual_seed(2)
    out = {}
    for cols in (16, 64):
        x = torch.rand(n, cols, generator=gen) - 0.5
        xg = x.clone().requires_grad_(True)

        def fb():
            xg.grad = None
            torch.sparse.mm(adj, xg).sum().backward()

        def gather_scatter():
            torch.zeros(n, cols).index_add_(0, dst, x[src] * d["norm_weight"].unsqueeze(1))

        with torch.no_grad():
            out[f"spmm{cols}_fwd"] = median_ms(lambda: torch.sparse.mm(adj, x), reps)
            out[f"spmm{cols}_fwd_gather_scatter"] = median_ms(gather_scatter, reps)
        out[f"spmm{cols}_fwdbwd"] = median_ms(fb, reps)
    return out


def bench_gcn(d, epochs, hp):
    """The full training run, like our train(): a step, then a validation pass, every epoch; the
    weights of the best validation-loss epoch are kept and tested once at the end."""
    c = d["meta"]["numClasses"]
    t0 = time.perf_counter()
    model = GCN([d["x"].shape[1], hp["hidden"], c], hp["dropout"])
    opt = torch.optim.Adam(model.parameters(), lr=hp["lr"], weight_decay=hp["weightDecay"])
    best_loss, best = float("inf"), None
    for _ in range(epochs):
        train_step(model, opt, d)
        model.eval()
        with torch.no_grad():
            out = model(d["x"], d["edge_index"])
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
        pred = model(d["x"], d["edge_index"]).argmax(1)
    acc = (pred[d["test"]] == d["y"][d["test"]]).float().mean().item()
    return {"gcn_total": (time.perf_counter() - t0) * 1e3, "gcn_test_acc": acc}


def bench_epochs(model, d, hp, warmup, reps, key):
    opt = torch.optim.Adam(model.parameters(), lr=hp["lr"], weight_decay=hp["weightDecay"])
    for _ in range(warmup):
        train_step(model, opt, d)
    t0 = time.perf_counter()
    for _ in range(reps):
        loss = train_step(model, opt, d)
    return {key: (time.perf_counter() - t0) * 1e3 / reps, key + "_loss": loss.item()}


def main():
    task, data_dir, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    hp = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    d = load(data_dir)
    if task == "spmm":
        res = bench_spmm(d, reps or 50)
    elif task == "gcn":
        res = bench_gcn(d, hp["epochs"], hp)
    elif task == "gat":
        m = GAT(d["x"].shape[1], hp["hidden"], hp["heads"], d["meta"]["numClasses"], hp["dropout"])
        res = bench_epochs(m, d, hp, 3, reps or 10, "gat_epoch")
    elif task == "ours_cora":
        res = bench_ours(d, hp)
    elif task == "arxiv":
        dims = [d["x"].shape[1]] + [hp["hidden"]] * (hp["layers"] - 1) + [d["meta"]["numClasses"]]
        res = bench_epochs(GCN(dims, hp["dropout"]), d, hp, 1, reps or 3, "arxiv_epoch")
    else:
        raise SystemExit(f"Cannot run torch reference: unknown task {task}")
    res["peak_rss_mib"] = peak_rss_mib()
    res["torch"] = torch.__version__
    res["threads"] = torch.get_num_threads()
    print(json.dumps(res))


if __name__ == "__main__":
    main()
