/**
 * Every raw data file Open-AutoGLM can load: where it lives in the mirror/cache, its public URL
 * (a raw GitHub link pinned to a commit) and its checksum, as listed in the shared data manifest.
 * Also the source repository and licence of each mirror folder.
 *
 * @module
 */
import type { DataFile } from "../io/fetch.ts";
import type { DatasetSource } from "./dataset.ts";

/**
 * Data files keyed by their mirror-relative path (e.g. `DATA_FILES["planetoid/ind.cora.x"]`).
 * `_partial_pubmed/ind.pubmed.allx` is not in the mirror (it is 4 MiB or more); it is listed by its
 * git blob id so a download from its public URL can still be verified.
 *
 * @example
 * ```ts
 * import { DATA_FILES } from "./sources.ts";
 * const x = DATA_FILES["planetoid/ind.cora.x"];
 * if (x.bytes !== 22119 || !x.url.startsWith("https://")) throw new Error("unexpected");
 * ```
 */
export const DATA_FILES: Readonly<Record<string, DataFile>> = Object.freeze({
  "planetoid/ind.citeseer.allx": {
    path: "planetoid/ind.citeseer.allx",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.allx",
    sha256: "2ac30345d95c9ec933a817ee0bdd6a5f077f8c184a20e696910192d534414668",
    bytes: 595021,
  },
  "planetoid/ind.citeseer.ally": {
    path: "planetoid/ind.citeseer.ally",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.ally",
    sha256: "f704b2d986dde6c2669934de1f3ae5696a6cf9455c0f6b2646a2d135ea0a1c95",
    bytes: 55623,
  },
  "planetoid/ind.citeseer.graph": {
    path: "planetoid/ind.citeseer.graph",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.graph",
    sha256: "d79a4ef9d3e7169aee8946145f6b7306e35bc79bffad26346cfb94e10e9912a7",
    bytes: 61987,
  },
  "planetoid/ind.citeseer.test.index": {
    path: "planetoid/ind.citeseer.test.index",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.test.index",
    sha256: "2af990671580b6b2df5d158d1038f8292e30c9cd821b5453f399659b25b723d4",
    bytes: 5000,
  },
  "planetoid/ind.citeseer.tx": {
    path: "planetoid/ind.citeseer.tx",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.tx",
    sha256: "539a8906a2da97628d212f2fdd668c109a8b3f0d36574b59e5d3fd5b5303da21",
    bytes: 260321,
  },
  "planetoid/ind.citeseer.ty": {
    path: "planetoid/ind.citeseer.ty",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.ty",
    sha256: "55e5bd1ba1e733a04598753ad1a8d57957f4b8f89e74519f41f4f4938767e4ce",
    bytes: 24135,
  },
  "planetoid/ind.citeseer.x": {
    path: "planetoid/ind.citeseer.x",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.x",
    sha256: "d20de19150741e555de0ed037195630fc194114ebc7fd72ced62810148aa22f6",
    bytes: 31087,
  },
  "planetoid/ind.citeseer.y": {
    path: "planetoid/ind.citeseer.y",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.citeseer.y",
    sha256: "8ba87e515d8e3ee3cf52f6d2c5b86aa73f11ecad825a808455209ec26cd54924",
    bytes: 3014,
  },
  "planetoid/ind.cora.allx": {
    path: "planetoid/ind.cora.allx",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.allx",
    sha256: "9419ba2f26f5c35243db64aba110e0f35a04851609e0dc5433450676ca6b8543",
    bytes: 257305,
  },
  "planetoid/ind.cora.ally": {
    path: "planetoid/ind.cora.ally",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.ally",
    sha256: "2b998f5cc7fedc86e7f97ca2498f47a1ffc1462c29e2d578b23bf3f62b6e7d71",
    bytes: 47959,
  },
  "planetoid/ind.cora.graph": {
    path: "planetoid/ind.cora.graph",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.graph",
    sha256: "58f13302f39dde8852dad6fe6d15b89b077b6d7f837626bce671ef80344b383d",
    bytes: 59847,
  },
  "planetoid/ind.cora.test.index": {
    path: "planetoid/ind.cora.test.index",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.test.index",
    sha256: "297ce89af2b51a6a194181c7dbe1796c6a1cf9cd9349a88383b1b1e227867875",
    bytes: 5000,
  },
  "planetoid/ind.cora.tx": {
    path: "planetoid/ind.cora.tx",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.tx",
    sha256: "b9afbaa4a400df991f6f02ef677e1e44da55ffc04801fd02f9e673987829226a",
    bytes: 148025,
  },
  "planetoid/ind.cora.ty": {
    path: "planetoid/ind.cora.ty",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.ty",
    sha256: "41f5ac76596a1699cc33f53084a2419e92961c42bb75f36fc38e616d348532ad",
    bytes: 28135,
  },
  "planetoid/ind.cora.x": {
    path: "planetoid/ind.cora.x",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.x",
    sha256: "23cfa55d91c6f624233f5eb7b6e3f141f1bd2b2ae39608a63cf5d084bb27baab",
    bytes: 22119,
  },
  "planetoid/ind.cora.y": {
    path: "planetoid/ind.cora.y",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.cora.y",
    sha256: "94465c14eb53e04ca262198dcbb2521ee8af60fb3f3d546cd6ca24a511b0e7d1",
    bytes: 4054,
  },
  "_partial_pubmed/ind.pubmed.ally": {
    path: "_partial_pubmed/ind.pubmed.ally",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.pubmed.ally",
    sha256: "0c37bbe3b5014ec365e9d393cf4791925e5ed94fb194305d74f064a8d7b50f0e",
    bytes: 224739,
  },
  "_partial_pubmed/ind.pubmed.graph": {
    path: "_partial_pubmed/ind.pubmed.graph",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.pubmed.graph",
    sha256: "5b89f0036ca22909471f1e6558eb42fa06e0c730a577bde5b058b40638f81dc9",
    bytes: 471808,
  },
  "_partial_pubmed/ind.pubmed.test.index": {
    path: "_partial_pubmed/ind.pubmed.test.index",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.pubmed.test.index",
    sha256: "b101d421688bbaecbd82e8a18f1e282378d6830f3a37666f28ebc47f844341b5",
    bytes: 6000,
  },
  "_partial_pubmed/ind.pubmed.tx": {
    path: "_partial_pubmed/ind.pubmed.tx",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.pubmed.tx",
    sha256: "4eb5f5d0f30f26497eb0ac6ac9719d09c67e284f1ed0385c93f3ef27a671da3d",
    bytes: 405505,
  },
  "_partial_pubmed/ind.pubmed.ty": {
    path: "_partial_pubmed/ind.pubmed.ty",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.pubmed.ty",
    sha256: "ee2e0d4819d9fbcc403689c3bf2e49face401b605932f093bc58ab6461130fdd",
    bytes: 12135,
  },
  "_partial_pubmed/ind.pubmed.x": {
    path: "_partial_pubmed/ind.pubmed.x",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.pubmed.x",
    sha256: "fbe9cb5c47200d1b7769a26e579be3b7130b556831f9d850e77c4c74f2599b33",
    bytes: 23172,
  },
  "_partial_pubmed/ind.pubmed.y": {
    path: "_partial_pubmed/ind.pubmed.y",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.pubmed.y",
    sha256: "e6c807633307a07ed659249006536a147c7999c797f11a2560752990181b41b3",
    bytes: 854,
  },
  "heterophilous-yandex/actor.npz": {
    path: "heterophilous-yandex/actor.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/actor.npz",
    sha256: "c350eef06b2c2a9bf8218be2b57cac6d4003d0922eb597a039e9123f75817816",
    bytes: 252956,
  },
  "heterophilous-yandex/chameleon.npz": {
    path: "heterophilous-yandex/chameleon.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/chameleon.npz",
    sha256: "4c640bd2877fc4f9f101531e2f977bc16445a54e09a5cb01178df608e552f3fd",
    bytes: 177840,
  },
  "heterophilous-yandex/chameleon_directed.npz": {
    path: "heterophilous-yandex/chameleon_directed.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/chameleon_directed.npz",
    sha256: "34aea6b6888063544232100d53d4aa7e87e37953ec8dd3a7092afb25bb2f0328",
    bytes: 191520,
  },
  "heterophilous-yandex/chameleon_filtered.npz": {
    path: "heterophilous-yandex/chameleon_filtered.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/chameleon_filtered.npz",
    sha256: "bf46f07e1fb5249280447e5fe3100f3e82fc4b93ad1e13ffcfdec924b6ac0bb5",
    bytes: 58924,
  },
  "heterophilous-yandex/chameleon_filtered_directed.npz": {
    path: "heterophilous-yandex/chameleon_filtered_directed.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/chameleon_filtered_directed.npz",
    sha256: "5a2d40701407188f1661d37a326484b49cc15251e0dedaa7bd380873dac80f21",
    bytes: 69275,
  },
  "heterophilous-yandex/cornell.npz": {
    path: "heterophilous-yandex/cornell.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/cornell.npz",
    sha256: "684c54ba3daa13b0ba1f04a3d6dd1b1175c1ae9bdeb982851fd4ff96d3aac298",
    bytes: 30515,
  },
  "heterophilous-yandex/minesweeper.npz": {
    path: "heterophilous-yandex/minesweeper.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/minesweeper.npz",
    sha256: "e664c8dacf1e8ac466c2c09ed4b237bd2c5541f47a6eae9c6092cb87f16412b3",
    bytes: 135045,
  },
  "heterophilous-yandex/squirrel.npz": {
    path: "heterophilous-yandex/squirrel.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/squirrel.npz",
    sha256: "d436e3b42c0546b105241c0ab0766097074e68e55f67b133eeb9b0162e55cbd9",
    bytes: 704277,
  },
  "heterophilous-yandex/squirrel_directed.npz": {
    path: "heterophilous-yandex/squirrel_directed.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/squirrel_directed.npz",
    sha256: "3f0436486716cf77b651c372e54f6b4c2cc52262e7faeeab584a34b41bae2616",
    bytes: 760119,
  },
  "heterophilous-yandex/squirrel_filtered.npz": {
    path: "heterophilous-yandex/squirrel_filtered.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/squirrel_filtered.npz",
    sha256: "f06370ffb3116c5de8b7a600005400b2293c025e0ce2f6916d8201a825505ac7",
    bytes: 208215,
  },
  "heterophilous-yandex/squirrel_filtered_directed.npz": {
    path: "heterophilous-yandex/squirrel_filtered_directed.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/squirrel_filtered_directed.npz",
    sha256: "0526e53252f0b052124f7390829c32e923d432acaf64206191a1144a07b39620",
    bytes: 249855,
  },
  "heterophilous-yandex/texas.npz": {
    path: "heterophilous-yandex/texas.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/texas.npz",
    sha256: "b164b99e6c3d43e4ab07488ec59bd8c815f90cbc1bd4cf425ce587d2b534d844",
    bytes: 28586,
  },
  "heterophilous-yandex/texas_4_classes.npz": {
    path: "heterophilous-yandex/texas_4_classes.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/texas_4_classes.npz",
    sha256: "2da438ba7f41fd82e0953e2c9f63ef18e5a58da51ae6369cb5f5010bdf0e67bd",
    bytes: 28586,
  },
  "heterophilous-yandex/tolokers.npz": {
    path: "heterophilous-yandex/tolokers.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/tolokers.npz",
    sha256: "dacf3ac94cec53d03cd2adb5255c08b33dee1656c33ca8164a464bd9450a1667",
    bytes: 1329769,
  },
  "heterophilous-yandex/wisconsin.npz": {
    path: "heterophilous-yandex/wisconsin.npz",
    url:
      "https://raw.githubusercontent.com/yandex-research/heterophilous-graphs/a431395582e929d88271309716bea4fe24ce6318/data/wisconsin.npz",
    sha256: "2543c89838cfc75f737f7c4664cc1d097f8268602c20b2d1bd4f21407df9c074",
    bytes: 41672,
  },
  "ogbn_arxiv-gnnguard/mapping/README.md": {
    path: "ogbn_arxiv-gnnguard/mapping/README.md",
    url:
      "https://raw.githubusercontent.com/mims-harvard/GNNGuard/88ab8ff58f769d33172626d45050264eb3737b11/Datasets/ogbn_arxiv/mapping/README.md",
    sha256: "45bb5a72cf18cd0fa2413d076ca24da6b00f13eec99adc9e69c40c16676bd536",
    bytes: 634,
  },
  "ogbn_arxiv-gnnguard/mapping/labelidx2arxivcategeory.csv.gz": {
    path: "ogbn_arxiv-gnnguard/mapping/labelidx2arxivcategeory.csv.gz",
    url:
      "https://raw.githubusercontent.com/mims-harvard/GNNGuard/88ab8ff58f769d33172626d45050264eb3737b11/Datasets/ogbn_arxiv/mapping/labelidx2arxivcategeory.csv.gz",
    sha256: "a516ecd32007acca5817296bdd82f5b5db7e21b0917b94311ef4571e29305577",
    bytes: 250,
  },
  "ogbn_arxiv-gnnguard/mapping/nodeidx2paperid.csv.gz": {
    path: "ogbn_arxiv-gnnguard/mapping/nodeidx2paperid.csv.gz",
    url:
      "https://raw.githubusercontent.com/mims-harvard/GNNGuard/88ab8ff58f769d33172626d45050264eb3737b11/Datasets/ogbn_arxiv/mapping/nodeidx2paperid.csv.gz",
    sha256: "3ad84bd49e905f457d1abb8d7586b52d9fa357efeb4a49f04ef2f2516817e2cf",
    bytes: 1221183,
  },
  "ogbn_arxiv-gnnguard/raw/node-label.csv.gz": {
    path: "ogbn_arxiv-gnnguard/raw/node-label.csv.gz",
    url:
      "https://raw.githubusercontent.com/mims-harvard/GNNGuard/88ab8ff58f769d33172626d45050264eb3737b11/Datasets/ogbn_arxiv/raw/node-label.csv.gz",
    sha256: "b06e7cf75d909de66ce49bc4188a6dc525224f85dd6dcb36137de3d9321830d1",
    bytes: 123505,
  },
  "ogbn_arxiv-gnnguard/raw/node_year.csv.gz": {
    path: "ogbn_arxiv-gnnguard/raw/node_year.csv.gz",
    url:
      "https://raw.githubusercontent.com/mims-harvard/GNNGuard/88ab8ff58f769d33172626d45050264eb3737b11/Datasets/ogbn_arxiv/raw/node_year.csv.gz",
    sha256: "fb97e19d6003deb09197f6df6b10ea1ab86ee49d98885836c3c857ab58d897f3",
    bytes: 73612,
  },
  "ogbn_arxiv-gnnguard/raw/num-edge-list.csv.gz": {
    path: "ogbn_arxiv-gnnguard/raw/num-edge-list.csv.gz",
    url:
      "https://raw.githubusercontent.com/mims-harvard/GNNGuard/88ab8ff58f769d33172626d45050264eb3737b11/Datasets/ogbn_arxiv/raw/num-edge-list.csv.gz",
    sha256: "430f1e00ae204bbb3208c5f494ab70170e9f2995fd3548d1754a74a8f59250d1",
    bytes: 52,
  },
  "ogbn_arxiv-gnnguard/raw/num-node-list.csv.gz": {
    path: "ogbn_arxiv-gnnguard/raw/num-node-list.csv.gz",
    url:
      "https://raw.githubusercontent.com/mims-harvard/GNNGuard/88ab8ff58f769d33172626d45050264eb3737b11/Datasets/ogbn_arxiv/raw/num-node-list.csv.gz",
    sha256: "9aa60a342efd209408933ace51e6b0a814e81c2894a993c44f9b173e477e2e82",
    bytes: 51,
  },
  "karate/karate_with_attributes.gml": {
    path: "karate/karate_with_attributes.gml",
    url:
      "https://raw.githubusercontent.com/IFISC/Complex_Networks_Master/d8aff7c5713bc82e7ea20b23aad509e31edbe896/results/karate_with_attributes.gml",
    sha256: "96c1955c37414c77087f71cf011ef27bd930bbfe332bd9cd0496fbb2a31bc71c",
    bytes: 12962,
  },
  "gnn-benchmark-graphdata/amazon_cs.npz": {
    path: "gnn-benchmark-graphdata/amazon_cs.npz",
    url:
      "https://raw.githubusercontent.com/EdisonLeeeee/GraphData/f8022c26b917346f2a461ffec0ec5ae24b36de68/datasets/amazon_cs.npz",
    sha256: "a6942db609f196b53503d91b99a02ad8d052d5d9be8ef41db976fb65f66ed1f3",
    bytes: 3410531,
  },
  "gnn-benchmark-graphdata/amazon_photo.npz": {
    path: "gnn-benchmark-graphdata/amazon_photo.npz",
    url:
      "https://raw.githubusercontent.com/EdisonLeeeee/GraphData/f8022c26b917346f2a461ffec0ec5ae24b36de68/datasets/amazon_photo.npz",
    sha256: "bdb98b54cd3125bfa69b23ba0aae84fabcb770c6727175b8f6eb1d64f3be4b2b",
    bytes: 1772672,
  },
  "gnn-benchmark-graphdata/coauthor_cs.npz": {
    path: "gnn-benchmark-graphdata/coauthor_cs.npz",
    url:
      "https://raw.githubusercontent.com/EdisonLeeeee/GraphData/f8022c26b917346f2a461ffec0ec5ae24b36de68/datasets/coauthor_cs.npz",
    sha256: "7b7b51bf270d341f1c4231834c58a526bb04db003fd76a6d2f51ad7d252005ed",
    bytes: 2800548,
  },
  "gnn-benchmark-graphdata/coauthor_phy.npz": {
    path: "gnn-benchmark-graphdata/coauthor_phy.npz",
    url:
      "https://raw.githubusercontent.com/EdisonLeeeee/GraphData/f8022c26b917346f2a461ffec0ec5ae24b36de68/datasets/coauthor_phy.npz",
    sha256: "1c930d99910763bc5f0c1aa90e8baa945f5ad6027663fe5332d0f08fde33cd7d",
    bytes: 3772032,
  },
  "gnn-benchmark-shchur/citeseer.npz": {
    path: "gnn-benchmark-shchur/citeseer.npz",
    url:
      "https://raw.githubusercontent.com/shchur/gnn-benchmark/1e72912a0810cdf27ae54fd589a3b43358a2b161/data/npz/citeseer.npz",
    sha256: "280278b21b434c047922e8389518861416fb3ad39389c27865ff0e6bbb0aaab7",
    bytes: 1348784,
  },
  "gnn-benchmark-shchur/cora.npz": {
    path: "gnn-benchmark-shchur/cora.npz",
    url:
      "https://raw.githubusercontent.com/shchur/gnn-benchmark/1e72912a0810cdf27ae54fd589a3b43358a2b161/data/npz/cora.npz",
    sha256: "068e22d90c3849b4057dfb05851741428992af058efcd4e7ebb4186f3d581de2",
    bytes: 540580,
  },
  "_partial_pubmed/ind.pubmed.allx": {
    path: "_partial_pubmed/ind.pubmed.allx",
    url:
      "https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data/ind.pubmed.allx",
    gitBlob: "3b86bccf08111c37c632a9dd8ab63db25ea76361",
  },
});

/**
 * Source repository, licence and citation of each mirror folder (from the data manifest). The
 * repository licence does not settle every upstream right; `citation` names the original publisher.
 *
 * @example
 * ```ts
 * import { SOURCES } from "./sources.ts";
 * if (SOURCES["karate"].license !== "MIT") throw new Error("unexpected");
 * ```
 */
export const SOURCES: Readonly<Record<string, DatasetSource>> = Object.freeze({
  "planetoid": {
    url: "https://github.com/kimiyoung/planetoid/tree/af6abf468a772cc055bec88c52e4d6f51b7c37e3",
    license: "MIT",
    citation: "Yang, Cohen, Salakhutdinov: Revisiting Semi-Supervised Learning with Graph " +
      "Embeddings (ICML 2016); data from LINQS",
  },
  "_partial_pubmed": {
    url: "https://github.com/kimiyoung/planetoid/tree/af6abf468a772cc055bec88c52e4d6f51b7c37e3",
    license: "MIT",
    citation: "Yang, Cohen, Salakhutdinov: Revisiting Semi-Supervised Learning with Graph " +
      "Embeddings (ICML 2016); data from LINQS",
  },
  "heterophilous-yandex": {
    url:
      "https://github.com/yandex-research/heterophilous-graphs/tree/a431395582e929d88271309716bea4fe24ce6318",
    license: "MIT",
    citation: "Platonov et al.: A critical look at the evaluation of GNNs under heterophily " +
      "(ICLR 2023); WebKB (CMU), Wikipedia/MUSAE, Pei et al. Geom-GCN (ICLR 2020)",
  },
  "ogbn_arxiv-gnnguard": {
    url: "https://github.com/mims-harvard/GNNGuard/tree/88ab8ff58f769d33172626d45050264eb3737b11",
    license: "MIT (repository); ODC-BY (OGB ogbn-arxiv, MAG)",
    citation: "Hu et al.: Open Graph Benchmark (NeurIPS 2020); Wang et al.: Microsoft Academic " +
      "Graph (2020)",
  },
  "karate": {
    url:
      "https://github.com/IFISC/Complex_Networks_Master/tree/d8aff7c5713bc82e7ea20b23aad509e31edbe896",
    license: "MIT",
    citation: "Zachary: An information flow model for conflict and fission in small groups " +
      "(J. Anthropol. Res. 1977)",
  },
  "gnn-benchmark-graphdata": {
    url: "https://github.com/EdisonLeeeee/GraphData/tree/f8022c26b917346f2a461ffec0ec5ae24b36de68",
    license: "MIT",
    citation: "Shchur et al.: Pitfalls of Graph Neural Network Evaluation (2018)",
  },
  "gnn-benchmark-shchur": {
    url: "https://github.com/shchur/gnn-benchmark/tree/1e72912a0810cdf27ae54fd589a3b43358a2b161",
    license: "MIT",
    citation: "Shchur et al.: Pitfalls of Graph Neural Network Evaluation (2018)",
  },
});
