/**
 * Executes notebooks/ch4_reproduction.ipynb in a fresh kernel and checks what it shows against
 * the library: step 2's four trainings on the Cora subset and its learned graphs, step 3's three
 * multi-task weightings, the step-4 GCN run, its checkpoint and test report are re-run here with
 * the same code, configs and seeds, and the qualitative claims of the step-2 and step-3 markdown are
 * checked on the re-runs. The comparison is read from notebooks/data/comparison-planetoid.json;
 * following tests/README.md's rule (a), a sample of its runs (_recorded_sample.ts) is trained again
 * and must give exactly the recorded test accuracy.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "../_assert.ts";
import {
  cellHtml,
  cellText,
  errorCells,
  executeNotebook,
  importedModules,
  joinText,
  type NotebookCell,
  plotlyFigures,
  PUBLIC_ENTRY_POINT,
  tableOf,
  taggedCell,
  type TextTable,
} from "./_notebook.ts";
import { assertFiguresReadable } from "./_browser.ts";
import { type Rerun, rerunSample, sampleRecordedRuns } from "./_recorded_sample.ts";
import {
  adjacency,
  adjacencyComparison,
  comparisonFigure,
  comparisonTable,
  confusionMatrix,
  createModel,
  createRng,
  type ExperimentRun,
  type Graph,
  graphComparisonTable,
  type GraphDataset,
  graphStatistics,
  incomingEntropy,
  kHopSubgraph,
  LearnedGraphClassifier,
  loadConfig,
  loadDataset,
  MULTITASK_TASKS,
  multiTaskCurves,
  type MultiTaskEpoch,
  type MultiTaskResult,
  normalizeFeatures,
  numEdges,
  PAPER_ACCURACY,
  randomNodeSplit,
  readRecorded,
  type RecordedResult,
  recordedRunsTable,
  runExperiment,
  seedAccuracyTable,
  setBackend,
  train,
  trainMultiTask,
  type TrainResult,
} from "../../mod.ts";
import { FixedWeighting, GradNorm, UncertaintyWeighting } from "../../lib/train/mod.ts";

const CONFIGS = new URL("../../configs/", import.meta.url).pathname;
const CHECKPOINT = new URL("../../results/ch4/cora-gcn-seed0.ckpt", import.meta.url).pathname;
const RECORDED =
  new URL("../../notebooks/data/comparison-planetoid.json", import.meta.url).pathname;
const MODELS = ["gcn", "gat", "sage"];
const SEEDS = 10;
// The sample of recorded runs trained again. Its covering runs (seed 0 of CiteSeer's GCN, GAT and
// SAGE) took 25 s when recorded, the extra runs of other seeds at most BUDGET_SECONDS more: about
// 1.5 minutes on one core of the 2-core machine, beside the notebook's own execution.
const SAMPLE_SEED = 4;
const BUDGET_SECONDS = 60;

const pct = (x: number) => (100 * x).toFixed(1);

function valueOf(t: TextTable, key: string, keyColumn: string): string {
  const row = t.rows.find((r) => r[keyColumn] === key);
  assert(row, `no row "${key}" in table "${t.title}"`);
  return row.value;
}

function oneFigure(cell: NotebookCell) {
  const figures = plotlyFigures(cell);
  assertEquals(figures.length, 1, `cell tagged ${cell.metadata.tags} shows one figure`);
  return figures[0];
}

interface References {
  gcn: ExperimentRun;
  predicted: Int32Array;
  /** The recorded file, and its rows the notebook shows. */
  file: RecordedResult;
  recorded: RecordedResult;
  reruns: Rerun[];
  adaptive: AdaptiveReference;
  multitask: MultiTaskReference;
}

const ADAPTIVE_MODELS = [
  "MLP",
  "GCN",
  "learned A, as written",
  "learned A, relu zeros masked",
] as const;
const ADAPTIVE_GRAPHS = [
  "citations",
  "learned A, as written",
  "learned A, relu zeros masked",
] as const;

/** Step 2 re-run: the subset, the four trainings and the three graphs. */
interface AdaptiveReference {
  subset: GraphDataset;
  seeds: number;
  results: TrainResult[];
  /** The citations, then the two learned A as graphs, by the notebook's names. */
  graphs: Record<(typeof ADAPTIVE_GRAPHS)[number], Graph>;
}

async function adaptiveReference(cora: GraphDataset): Promise<AdaptiveReference> {
  const rng = createRng(0);
  const byClass = Array.from({ length: cora.numClasses }, () => [] as number[]);
  cora.graph.y.forEach((c, v) => byClass[c].push(v));
  const seeds = byClass.flatMap((nodes) =>
    Array.from({ length: 6 }, () => nodes[rng.int(nodes.length)])
  );
  const graph = kHopSubgraph(cora.graph, seeds, 1).graph as GraphDataset["graph"];
  const split = randomNodeSplit(graph.y, {
    numTrainPerClass: 5,
    numValPerClass: 5,
    numTest: "rest",
    seed: 0,
  });
  const subset: GraphDataset = {
    name: "cora-subset",
    graph,
    numClasses: cora.numClasses,
    splits: [split],
  };
  const sizes = {
    inChannels: graph.x.cols,
    hiddenChannels: 32,
    outChannels: cora.numClasses,
    seed: 0,
  };
  const plain = new LearnedGraphClassifier({ ...sizes, maskZeros: false });
  const masked = new LearnedGraphClassifier({ ...sizes, maskZeros: true });
  const nets = [createModel("mlp", sizes), createModel("gcn", sizes), plain, masked];
  const results: TrainResult[] = [];
  for (const net of nets) {
    results.push(
      await train(net, subset, {
        epochs: 200,
        lr: 0.01,
        weightDecay: 5e-4,
        monitor: "val_acc",
        normalizeFeatures: false,
        seed: 0,
        progress: false,
      }),
    );
  }
  const graphs = {
    citations: graph,
    "learned A, as written": plain.learnedGraph(graph.x, graph.y),
    "learned A, relu zeros masked": masked.learnedGraph(graph.x, graph.y),
  };
  for (const net of nets) net.dispose();
  return { subset, seeds: seeds.length, results, graphs };
}

const MULTITASK_WEIGHTINGS = ["fixed (1, 1, 1)", "uncertainty", "GradNorm (α = 0.15)"] as const;

/** Step 3 re-run: one multi-task training per weighting, seed 0, 200 epochs. */
interface MultiTaskReference {
  results: Omit<MultiTaskResult, "model">[];
}

async function multitaskReference(cora: GraphDataset): Promise<MultiTaskReference> {
  const T = MULTITASK_TASKS.length;
  const makers = [
    () => new FixedWeighting([1, 1, 1]),
    () => new UncertaintyWeighting(T),
    () => new GradNorm(T, { alpha: 0.15 }),
  ];
  const results = [];
  for (const make of makers) {
    const weighting = make();
    const { model, ...result } = await trainMultiTask(cora, {
      weighting,
      seed: 0,
      normalizeFeatures: false,
      progress: false,
    });
    model.dispose();
    weighting.dispose();
    results.push(result);
  }
  return { results };
}

const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

// What a figure builder returns, as it reads back from the notebook's JSON.
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value));

// What the notebook must show, computed here with the same configs, seeds and backend choice.
async function references(): Promise<References> {
  await setBackend("auto");
  const cora = await loadDataset("cora");
  const adaptive = await adaptiveReference(cora);
  const multitask = await multitaskReference(cora);
  const gcn = await runExperiment(await loadConfig(`${CONFIGS}cora-gcn.yaml`), { progress: false });
  const graph = normalizeFeatures(gcn.dataset.graph);
  if (graph.x?.kind !== "csr") throw new Error("expected Cora's sparse features");
  const logits = gcn.model.forward(graph.x, adjacency(graph));
  const labels = logits.argMax(1);
  const predicted = Int32Array.from(labels.dataSync());
  logits.dispose();
  labels.dispose();
  const file = await readRecorded(RECORDED);
  // The notebook shows the GCN, GAT and SAGE rows of the file.
  const recorded = { ...file, rows: file.rows.filter((r) => MODELS.includes(r.model)) };
  const sample = sampleRecordedRuns([recorded], {
    seed: SAMPLE_SEED,
    budgetSeconds: BUDGET_SECONDS,
  });
  const reruns = await rerunSample(sample);
  return { gcn, predicted, file, recorded, reruns, adaptive, multitask };
}

Deno.test("notebook ch4_reproduction runs clean and shows what the library computes", async (t) => {
  // The notebook takes about 2 minutes alone (step 3's multi-task runs most of it), more on a busy
  // machine; the re-runs here (steps 2-4 and the sample) use the other core meanwhile.
  const [run, ref] = await Promise.all([
    executeNotebook("ch4_reproduction", { timeoutSeconds: 900 }),
    references(),
  ]);
  const nb = run.notebook;
  const result = ref.gcn.result;
  console.log(`executed in ${run.seconds.toFixed(0)} s`);

  await t.step("no cell has an error and every code cell ran", () => {
    assertEquals(errorCells(nb), []);
    const unrun = nb.cells.filter((c) => c.cell_type === "code" && !c.outputs?.length)
      .map((c) => joinText(c.source).split("\n")[0]);
    assertEquals(unrun, ["import {"], "only the import cell has no output");
  });

  await t.step("the notebook imports only public entry points and has a Deno kernelspec", () => {
    const kernelspec = nb.metadata.kernelspec as { name?: string };
    assertEquals(kernelspec.name, "deno");
    const from = importedModules(nb);
    assertEquals(from.filter((m) => !PUBLIC_ENTRY_POINT.test(m)), []);
    assertEquals(from[0], "../mod.ts");
  });

  await t.step("the executed notebook stays under 3 MB", async () => {
    const { size } = await Deno.stat(run.path);
    assert(size < 3e6, `${run.path} is ${size} bytes`);
  });

  const backend = valueOf(tableOf(nb, "setup"), "compute backend", "item").split(":")[0];
  assertEquals(backend, ref.gcn.backend, "the notebook and this test chose the same backend");

  await t.step("step 1 shows the loader's batches, one batch by hop, and the augmentations", () => {
    const batches = tableOf(nb, "loader-batches");
    // 140 training nodes in batches of 32: 4 full batches and one of 12.
    assertEquals(batches.rows.map((r) => r["seed nodes"]), ["32", "32", "32", "32", "12"]);
    for (const r of batches.rows) {
      assertEquals(r["x shape"], `[${r["sampled nodes"]}, 1433]`);
      assert(r["first seeds, pass 1"] !== r["first seeds, pass 2"], "passes are reshuffled");
    }
    const hops = tableOf(nb, "batch-contents");
    assertEquals(hops.rows.length, 3);
    assertEquals(hops.rows[0].nodes, "32");
    // Seeds get at most 10 sampled in-edges each; hop-2 nodes only send messages.
    assert(Number(hops.rows[0]["sampled in-edges"]) <= 320);
    assertEquals(hops.rows[2]["sampled in-edges"], "0");
    const augment = tableOf(nb, "augmentations");
    assertMatch(augment.title, /same seed, same draw: true$/);
    const kept = augment.rows.map((r) => Number(r.kept.split("%")[0]));
    // Rate 0.2: about 80% kept (a binomial draw over 10,556 edges / 1,432 columns).
    assert(kept.every((k) => k > 70 && k < 90), `kept ${kept}`);
    const mini = tableOf(nb, "minibatch-run").rows[0];
    assertEquals([mini.epochs, mini["batches per epoch"]], ["30", "5"]);
    assertEquals(oneFigure(taggedCell(nb, "minibatch-curves")).data.length, 4);
  });

  const adaptive = ref.adaptive;
  const subN = adaptive.subset.graph.numNodes;
  const subY = adaptive.subset.graph.y;
  const subSplit = adaptive.subset.splits[0];
  const accuracyOf = (model: string) =>
    adaptive.results[ADAPTIVE_MODELS.indexOf(model as typeof ADAPTIVE_MODELS[number])].test
      .accuracy;
  // The same-class share of all ordered pairs of distinct nodes, counted here.
  const classSizes = Array.from(
    { length: adaptive.subset.numClasses },
    (_, c) => subY.filter((l) => l === c).length,
  );
  const chance = classSizes.reduce((s, k) => s + k * (k - 1), 0) / (subN * (subN - 1));

  await t.step("step 2: the Cora subset and its four trainings equal a re-run", () => {
    assertEquals(taggedCell(nb, "step2-adaptive").cell_type, "markdown");
    const subset = tableOf(nb, "adaptive-subset");
    const get = (item: string) => valueOf(subset, item, "item");
    assertEquals(
      get("nodes"),
      `${subN} (1-hop neighbourhood of ${adaptive.seeds} seed papers, 6 per class)`,
    );
    assertEquals(get("directed edges (citations)"), String(numEdges(adaptive.subset.graph)));
    assertEquals(get("nodes per class"), classSizes.join(" "));
    assertEquals(
      get("split"),
      `${subSplit.train.length} train / ${subSplit.val.length} validation / ` +
        `${subSplit.test.length} test nodes`,
    );
    const runs = tableOf(nb, "adaptive-accuracy").rows;
    assertEquals(runs.map((r) => r.model), [...ADAPTIVE_MODELS]);
    const tested = subSplit.test.length;
    runs.forEach((row, k) => {
      const r = adaptive.results[k];
      // Same code, seed and backend: identical runs, so the formatted numbers are equal.
      assertEquals(
        [row["best epoch"], row["val acc (%)"], row["test acc (%)"]],
        [
          String(r.bestEpoch),
          pct(r.bestValAcc),
          `${pct(r.test.accuracy)} (${Math.round(r.test.accuracy * tested)} of ${tested})`,
        ],
        row.model,
      );
    });
  });

  await t.step("step 2: the statistics, heatmaps and entropies are those of the re-run's A", () => {
    // The library's table of the re-run's graphs, under the notebook's title.
    const title = `The citations and the learned graphs on the ${subN} subset nodes`;
    const expected = graphComparisonTable(adaptive.graphs, { title });
    assertEquals(cellText(taggedCell(nb, "adaptive-graphs")), String(expected));
    assertMatch(
      expected.title!,
      new RegExp(`same-class share of all node pairs: ${chance.toFixed(3)}`),
    );
    const heat = oneFigure(taggedCell(nb, "adaptive-heatmap"));
    const heatmaps = adjacencyComparison(adaptive.graphs, {
      labels: subY,
      perClass: 12,
      seed: 0,
      normalize: true,
      zmax: 1,
      classNames: ref.gcn.dataset.classNames,
    });
    assertEquals(heat.data, asJson(heatmaps.data));
    assertEquals(heat.data.map((d) => d.name), [...ADAPTIVE_GRAPHS]);
    // 12 of every class (each has more than 12 nodes here).
    assertEquals((heat.data[0].x as string[]).length, 12 * adaptive.subset.numClasses);
    const entropy = oneFigure(taggedCell(nb, "adaptive-entropy"));
    assertEquals(
      entropy.data.map((d) => [d.type, d.name]),
      ADAPTIVE_GRAPHS.map((g) => ["histogram", g]),
    );
    entropy.data.forEach((trace, k) => {
      const h = incomingEntropy(adaptive.graphs[ADAPTIVE_GRAPHS[k]]);
      assertEquals(trace.x, Array.from(h, (v) => Math.round(1000 * v) / 1000), String(trace.name));
    });
  });

  await t.step("step 2: what its markdown says about the learned graphs holds", () => {
    const [citations, plain, masked] = ADAPTIVE_GRAPHS.map((g) =>
      graphStatistics(adaptive.graphs[g])
    );
    // "connects every pair ... edge homophily exactly the same-class share of all pairs"
    assertEquals(plain.edges, subN * (subN - 1));
    assertEquals(plain.edgeHomophily.toFixed(3), chance.toFixed(3));
    // "masking relu's zeros removes a large part of the pairs exactly"
    assert(masked.edges < 0.8 * plain.edges, `masked ${masked.edges} of ${plain.edges}`);
    // "spread each node's mix over tens of nodes where a paper has a few citations"
    for (const g of [plain, masked]) {
      assert(g.effectiveNeighbours >= 10, `spread ${g.effectiveNeighbours}`);
    }
    assert(citations.effectiveNeighbours < 5, `citations spread ${citations.effectiveNeighbours}`);
    // "more weight on same-class nodes than random pairs, far less than the citations"
    for (const g of [plain, masked]) {
      assert(
        g.weightedHomophily > chance && g.weightedHomophily < citations.weightedHomophily - 0.2,
      );
      // "a few hub nodes send to many rows"
      assert(g.largestSent > 3 * citations.largestSent, `hub ${g.largestSent}`);
    }
    // "the GCN is far ahead": it propagates over citations whose edge homophily is 0.83.
    assert(accuracyOf("GCN") > accuracyOf("MLP") + 0.1);
    // The learned graphs are not ranked against the MLP: a better learner must not fail this
    // test, and their numbers already equal the notebook's table (step 2's first check). What
    // must hold for any learner trained on these labels: above chance (1/7 for Cora's 7 classes)
    // and at most 100%.
    for (const m of ADAPTIVE_MODELS.slice(2)) {
      const accuracy = accuracyOf(m);
      assert(accuracy > 1 / 7 && accuracy <= 1, `${m}: test accuracy ${accuracy}`);
    }
    // "35 labelled rows"
    assertEquals(subSplit.train.length, 35);
    assertMatch(joinText(taggedCell(nb, "step2-adaptive").source), /DenseGraphLearner/);
  });

  const multitask = ref.multitask.results;
  const history = (w: number) => multitask[w].history;
  const series = (w: number, task: string, of: "losses" | "weights") =>
    history(w).map((e: MultiTaskEpoch) => e[of][task]);

  await t.step("step 3: the three weightings equal a re-run", () => {
    assertEquals(taggedCell(nb, "step3-multitask").cell_type, "markdown");
    const runTable = tableOf(nb, "multitask-table");
    assertMatch(
      runTable.title,
      new RegExp(
        `seed 0, 200 epochs each; ${multitask[0].edges.test} held-out test links\\): \\d+ s`,
      ),
    );
    assertEquals(runTable.rows.map((r) => r.weighting), [...MULTITASK_WEIGHTINGS]);
    runTable.rows.forEach((row, w) => {
      const r = multitask[w];
      assertEquals(r.history.length, 200);
      assertEquals(
        [row["best epoch"], row["test acc (%)"], row["test link AUC"]],
        [
          String(r.bestEpoch),
          `${pct(r.test.accuracy)} (${Math.round(r.test.accuracy * 1000)} of 1000)`,
          r.test.linkAuc.toFixed(3),
        ],
        row.weighting,
      );
      assertEquals(
        row["final weights (class / link / recon)"],
        MULTITASK_TASKS.map((task) => r.finalWeights[task].toFixed(3)).join(" / "),
      );
    });
    // The figures are the library's of the re-runs' histories, one panel per task.
    const histories = multitask.map((r, w) => ({
      label: MULTITASK_WEIGHTINGS[w],
      history: r.history,
    }));
    for (
      const [tag, of] of [["multitask-losses", "losses"], ["multitask-weights", "weights"]] as const
    ) {
      const fig = oneFigure(taggedCell(nb, tag));
      assertEquals(fig.data, asJson(multiTaskCurves(histories, { of }).data), tag);
      assertEquals(fig.data.length, 9);
      MULTITASK_TASKS.forEach((task, k) => {
        MULTITASK_WEIGHTINGS.forEach((name, w) => {
          const trace = fig.data[3 * k + w];
          assertEquals(trace.name, name);
          assertEquals(trace.xaxis, k === 0 ? "x" : `x${k + 1}`);
          assertEquals(
            trace.y,
            series(w, task, of).map((v) => Number(v.toPrecision(4))),
            `${tag} ${task} ${name}`,
          );
        });
      });
    }
    const gradNorm = tableOf(nb, "multitask-gradnorm").rows;
    assertEquals(gradNorm.map((r) => r.task), [...MULTITASK_TASKS]);
    gradNorm.forEach((row) => {
      const h = history(2);
      const first = h[0].losses[row.task];
      const last = h[h.length - 1].losses[row.task];
      assertEquals(
        [row["loss, epoch 1"], row["loss, last epoch"], row["L(T) / L(0)"]],
        [first.toPrecision(3), last.toPrecision(3), (last / first).toFixed(3)],
      );
      assertEquals(
        row["median ||∇_W L_i||"],
        medianOf(h.map((e) => e.gradNorms![row.task])).toExponential(2),
      );
      assertEquals(row["final weight"], multitask[2].finalWeights[row.task].toFixed(3));
    });
  });

  await t.step("step 3: what its markdown says about the weightings holds", () => {
    // "Reconstruction's loss barely moves under any weighting and stays well below link's"
    for (let w = 0; w < 3; w++) {
      const recon = series(w, "reconstruction", "losses");
      const link = series(w, "link", "losses");
      assert(recon.at(-1)! / recon[0] > 0.8, `${MULTITASK_WEIGHTINGS[w]}: reconstruction fell`);
      assert(recon.every((l, e) => l < link[e] / 10), `${MULTITASK_WEIGHTINGS[w]}: vs link`);
    }
    // Uncertainty: classification and reconstruction weights rise steadily after a few epochs,
    // still far from 1 / L_i; link's levels off near 1 / L_link.
    const late = (values: number[]) => meanOf(values.slice(-20));
    for (const task of ["classification", "reconstruction"]) {
      const weights = series(1, task, "weights");
      const at = [20, 50, 100, 150, 200].map((e) => weights[e - 1]);
      assert(at.every((v, k) => k === 0 || v > at[k - 1]), `${task}: ${at}`);
      const final = multitask[1].finalWeights[task];
      assert(final < 0.5 / late(series(1, task, "losses")), `${task} weight ${final}`);
    }
    const linkTarget = 1 / late(series(1, "link", "losses"));
    const linkWeight = multitask[1].finalWeights.link;
    assert(Math.abs(linkWeight / linkTarget - 1) < 0.2, `link ${linkWeight} vs ${linkTarget}`);
    // GradNorm: reconstruction's gradient ~1000x smaller, its loss falls least, its weight rises
    // every epoch; classification's loss falls fastest and its weight ends lowest.
    const h = history(2);
    const norm = (task: string) => medianOf(h.map((e) => e.gradNorms![task]));
    const gradientRatio = Math.min(norm("classification"), norm("link")) / norm("reconstruction");
    assert(gradientRatio > 300 && gradientRatio < 3000, `gradient ratio ${gradientRatio}`);
    const fall = (task: string) => h.at(-1)!.losses[task] / h[0].losses[task];
    assert(fall("reconstruction") > fall("link") && fall("link") > fall("classification"));
    const recon = [
      ...series(2, "reconstruction", "weights"),
      multitask[2].finalWeights.reconstruction,
    ];
    assert(recon.every((v, e) => e === 0 || v > recon[e - 1]), "reconstruction weight fell");
    const final = multitask[2].finalWeights;
    assert(final.classification < final.link && final.link < final.reconstruction);
    // "its loss is smaller too, but by far less" than its gradient
    const lossRatio = Math.max(
      ...h.map((e) => e.losses.classification / e.losses.reconstruction),
    );
    assert(lossRatio < gradientRatio / 3, `loss ratio ${lossRatio}, gradient ${gradientRatio}`);
    // "The uncertainty run's best validation epoch comes very early ... barely trained link decoder"
    assert(multitask[1].bestEpoch < 20, `uncertainty best epoch ${multitask[1].bestEpoch}`);
    assert(
      multitask[1].test.linkAuc < Math.min(multitask[0].test.linkAuc, multitask[2].test.linkAuc),
    );
  });

  await t.step("step 4: the GCN run equals a re-run with the same config and seed", () => {
    assertMatch(cellText(taggedCell(nb, "config")), /^dataset: cora$/m);
    const summary = tableOf(nb, "gcn-run");
    const get = (q: string) => valueOf(summary, q, "quantity");
    assertEquals(get("backend"), backend);
    // Same seed and backend: identical run, so exact (formatted) equality.
    assertEquals(get("best epoch (highest validation accuracy)"), String(result.bestEpoch));
    assertEquals(get("validation accuracy at the best epoch (%)"), pct(result.bestValAcc));
    assertEquals(
      get("test accuracy (%)"),
      `${pct(result.test.accuracy)} (${
        Math.round(result.test.accuracy * 1000)
      } of 1000 test nodes)`,
    );
    assertEquals(get("test macro-F1 (%)"), pct(result.test.macroF1));
  });

  await t.step("step 4: the epoch log, curves and learning rate are the re-run's history", () => {
    // The log is a polars DataFrame, which the kernel shows as HTML plus a data-resource JSON.
    const cell = taggedCell(nb, "epoch-log");
    assert(cellHtml(cell).some((h) => h.includes("<table>")), "the epoch log shows no table");
    const resource = (cell.outputs ?? []).map((o) => o.data?.["application/vnd.dataresource+json"])
      .find((d) => d !== undefined) as { data: Record<string, number | string>[] } | undefined;
    assert(resource, "the epoch log shows no DataFrame");
    const best = result.bestEpoch;
    const expected = result.history.filter((r) => r.epoch % 10 === 0 || r.epoch === best);
    assertEquals(resource.data.map((r) => r.epoch), expected.map((r) => r.epoch));
    resource.data.forEach((row, i) => {
      const r = expected[i];
      // Identical run: exactly the rounded values the notebook computes from it.
      assertEquals(row["train loss"], Number(r.trainLoss.toFixed(4)));
      assertEquals(row["val acc (%)"], Number(pct(r.valAcc)));
      assertEquals(row.lr, r.lr);
      assertEquals(row.note !== "", r.epoch === best);
    });
    const curves = oneFigure(taggedCell(nb, "curves"));
    const valAcc = curves.data.find((d) => d.name === "GCN val acc")!;
    // JSON keeps doubles exactly, and the run is identical: exact equality.
    assertEquals(valAcc.y, result.history.map((r) => r.valAcc));
    const lr = oneFigure(taggedCell(nb, "lr-curve"));
    assertEquals(lr.data[0].y, result.history.map((r) => r.lr));
  });

  await t.step(
    "step 4: the test report and confusion matrix match the re-run's predictions",
    () => {
      const report = tableOf(nb, "report");
      const expected = result.test.report;
      const names = ref.gcn.dataset.classNames ?? ["0", "1", "2", "3", "4", "5", "6"];
      for (const name of [names[0], names[3], "macro avg", "weighted avg"]) {
        const row = report.rows.find((r) => r.class === name)!;
        const e = expected[name] as { precision: number; recall: number; support: number };
        assertEquals([row.precision, row.recall, row.support], [
          e.precision.toFixed(3),
          e.recall.toFixed(3),
          String(e.support),
        ]);
      }
      const test = ref.gcn.split.test;
      const y = ref.gcn.dataset.graph.y;
      const cm = confusionMatrix(
        Array.from(test, (i) => y[i]),
        Array.from(test, (i) => ref.predicted[i]),
        { numClasses: 7 },
      );
      const heat = oneFigure(taggedCell(nb, "confusion")).data[0];
      assertEquals(heat.z, cm);
      assertEquals(heat.x, names);
    },
  );

  await t.step("step 4: the reloaded checkpoint gives the run's test accuracy", () => {
    const ckpt = tableOf(nb, "checkpoint");
    const get = (item: string) => valueOf(ckpt, item, "item");
    assertEquals(get("saved at epoch"), String(result.bestEpoch));
    assertEquals(get("after loadCheckpoint, test accuracy (%)"), pct(result.test.accuracy));
    assertEquals(get("runExperiment's test accuracy (%)"), pct(result.test.accuracy));
    assertEquals(get("identical predictions on all nodes"), "true");
    assertMatch(get("file"), /^\.\.\/results\/ch4\/cora-gcn-seed0\.ckpt \(\d+ bytes\)$/);
    assert(Deno.statSync(CHECKPOINT).size > 0);
    // A randomly initialised GCN is far from the trained one (7 classes: ~14% by chance).
    assert(Number(get("fresh GCN (init seed 1), test accuracy (%)")) < 50);
  });

  await t.step("step 4: the hidden-layer embedding shows every node by class", () => {
    const fig = oneFigure(taggedCell(nb, "embedding"));
    const names = ref.gcn.dataset.classNames ?? ["0", "1", "2", "3", "4", "5", "6"];
    assertEquals(fig.data.map((d) => d.name), names);
    assertEquals(fig.data.reduce((n, d) => n + (d.x as number[]).length, 0), 2708);
  });

  await t.step("the comparison is the recorded file's, with the command that wrote it", () => {
    assertEquals(
      cellText(taggedCell(nb, "comparison-file")),
      String(recordedRunsTable([ref.file])),
    );
    assertMatch(
      tableOf(nb, "comparison-file").rows[0].command,
      /^deno task reproduce --models gcn,gat,sage,\S+ --datasets cora,citeseer --seeds 10 --out notebooks\/data\/comparison-planetoid\.json$/,
    );
    const shown = ref.recorded;
    assertEquals(shown.rows.map((r) => `${r.dataset}/${r.model}`), [
      "cora/gcn",
      "cora/gat",
      "cora/sage",
      "citeseer/gcn",
      "citeseer/gat",
      "citeseer/sage",
    ]);
    assertEquals(cellText(taggedCell(nb, "comparison-table")), String(comparisonTable(shown)));
    assertEquals(cellText(taggedCell(nb, "seed-table")), String(seedAccuracyTable(shown)));
    assertEquals(
      oneFigure(taggedCell(nb, "comparison-figure")).data,
      asJson(comparisonFigure(shown).data),
    );
  });

  await t.step("a sample of the recorded runs equals a re-run, seed 0 and others", () => {
    const reruns = ref.reruns;
    // Every model, seed 0 and at least one other seed (the sample's rule).
    assertEquals(new Set(reruns.map((r) => r.row.model)), new Set(MODELS));
    assert(reruns.some((r) => r.seed === 0) && reruns.some((r) => r.seed !== 0));
    for (const r of reruns) {
      // Same config, seed and backend as reproduce(): exact.
      assertEquals(r.rerun, r.testAccuracy, `${r.row.dataset} ${r.row.model} seed ${r.seed}`);
    }
    console.log(
      "re-run and equal (recorded s / here s): " +
        reruns.map((r) =>
          `${r.row.dataset} ${r.row.model} seed ${r.seed} (${r.seconds.toFixed(0)} / ` +
          `${r.rerunSeconds.toFixed(0)})`
        ).join(", "),
    );
    // Seed 0 of GCN on Cora is the step-4 run, re-run here too.
    const coraGcn = ref.recorded.rows.find((r) => r.dataset === "cora" && r.model === "gcn")!;
    assertEquals(coraGcn.testAccuracy.runs[0], result.test.accuracy);
  });

  await t.step("the comparison's means and stds follow the recorded seeds", () => {
    const seeds = tableOf(nb, "seed-table").rows;
    const comparison = tableOf(nb, "comparison-table");
    assertMatch(comparison.title, /mean ± std over 10 seeds \(original protocol/);
    const fig = oneFigure(taggedCell(nb, "comparison-figure"));
    const [measured, paper] = fig.data;
    seeds.forEach((row, i) => {
      const key = `${row.dataset}/${row.model}`;
      const values = Array.from({ length: SEEDS }, (_, s) => Number(row[`seed ${s}`]));
      const mean = values.reduce((a, b) => a + b, 0) / SEEDS;
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / SEEDS);
      // Each shown seed is exact (1,000 test nodes), so the mean and std recomputed from them
      // differ from the shown ones only by the shown rounding (0.05) and float error.
      const [shownMean, shownStd] = row["mean ± std"].split(" ± ").map(Number);
      assert(Math.abs(shownMean - mean) <= 0.05 + 1e-9, `${key} mean ${shownMean} vs ${mean}`);
      assert(Math.abs(shownStd - std) <= 0.05 + 1e-9, `${key} std ${shownStd} vs ${std}`);
      const c = comparison.rows[i];
      assertEquals([c.dataset, c.model, c.seeds], [row.dataset, row.model, String(SEEDS)]);
      assertEquals(c["test acc (%)"], row["mean ± std"]);
      const reported = PAPER_ACCURACY[row.model]?.[row.dataset];
      assertEquals(c["paper (%)"], reported === undefined ? "-" : pct(reported));
      // The bars carry the unrounded mean and std (to 1e-6).
      assert(Math.abs((measured.y as number[])[i] - mean) < 1e-6, `${key} bar`);
      const errors = (measured.error_y as { array: number[] }).array;
      assert(Math.abs(errors[i] - std) < 1e-6, `${key} error bar`);
      assertEquals(
        (paper.y as (number | null)[])[i],
        reported === undefined ? null : Math.round(1e6 * 100 * reported) / 1e6,
      );
    });
  });

  await t.step("every figure has a title and axis titles, and every figure draws", async () => {
    await assertFiguresReadable(nb, run.path, 10);
  });

  ref.gcn.model.dispose();
});
