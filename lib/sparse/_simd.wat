;; SIMD (f32x4) kernels for the sparse ops, run on the tfjs wasm backend's own memory (imported), so
;; tensors are read and written in place. Pointers are byte offsets; all arrays are row-major.
;; Sums run in a fixed order with float32 rounding after every multiply and add, the same as the
;; JS kernels in _kernels.ts, so both give bit-identical results.
;; Source of _simd_bytes.ts: regenerate with `deno run -A lib/sparse/_build_simd.ts`.
(module
  (import "env" "memory" (memory 0))

;; out[r, h*C + c] = sum_{k in indptr[r]..indptr[r+1]} w[eids[k]*H + h] * x[cols[k], h*C + c],
  ;; k ascending; w = 0 means all weights are 1. out has `rows` rows of H*C floats.
  ;; Each block of output columns sums over the row's edges in registers (16 columns, then 4, then
  ;; 1 at a time) and is stored once: the same sums in the same order as accumulating in memory.
  (func (export "spmm")
    (param $indptr i32) (param $cols i32) (param $eids i32) (param $w i32) (param $x i32)
    (param $out i32) (param $rows i32) (param $H i32) (param $C i32)
    (local $rowBytes i32) (local $cb i32) (local $c16b i32) (local $c4b i32) (local $r i32)
    (local $k i32) (local $start i32) (local $end i32) (local $px i32) (local $po i32)
    (local $h i32) (local $c i32) (local $ho i32) (local $xo i32) (local $wv v128) (local $s f32)
    (local $one v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $c16b (i32.and (local.get $cb) (i32.const -64)))
    (local.set $c4b (i32.and (local.get $cb) (i32.const -16)))
    (local.set $rowBytes (i32.mul (local.get $cb) (local.get $H)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $start (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $end
          (i32.load (i32.add (local.get $indptr) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (local.set $h (i32.const 0))
        (block $headsDone
          (loop $headLoop
            (br_if $headsDone (i32.ge_u (local.get $h) (local.get $H)))
            ;; $po: this head's first output column; $px below: the same column of x's row.
            (local.set $ho (i32.mul (local.get $h) (local.get $cb)))
            (local.set $po (i32.add (local.get $out) (local.get $ho)))
            (local.set $c (i32.const 0))
            (block $c16Done
              (loop $c16Loop
                (br_if $c16Done (i32.ge_u (local.get $c) (local.get $c16b)))
                (local.set $a0 (v128.const i32x4 0 0 0 0))
                (local.set $a1 (v128.const i32x4 0 0 0 0))
                (local.set $a2 (v128.const i32x4 0 0 0 0))
                (local.set $a3 (v128.const i32x4 0 0 0 0))
                (local.set $k (local.get $start))
                (local.set $xo (i32.add (local.get $x) (i32.add (local.get $ho) (local.get $c))))
                (block $edgesDone
                  (loop $edgeLoop
                    (br_if $edgesDone (i32.ge_s (local.get $k) (local.get $end)))
                    (local.set $px (i32.add (local.get $xo)
                      (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2))))
                        (local.get $rowBytes))))
                    (local.set $wv (if (result v128) (local.get $w)
                      (then (f32x4.splat (call $weight (local.get $w) (local.get $eids)
                        (local.get $k) (local.get $H) (local.get $h))))
                      (else (local.get $one))))
                    (local.set $a0 (f32x4.add (local.get $a0)
                      (f32x4.mul (local.get $wv) (v128.load offset=0 (local.get $px)))))
                    (local.set $a1 (f32x4.add (local.get $a1)
                      (f32x4.mul (local.get $wv) (v128.load offset=16 (local.get $px)))))
                    (local.set $a2 (f32x4.add (local.get $a2)
                      (f32x4.mul (local.get $wv) (v128.load offset=32 (local.get $px)))))
                    (local.set $a3 (f32x4.add (local.get $a3)
                      (f32x4.mul (local.get $wv) (v128.load offset=48 (local.get $px)))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $edgeLoop)))
                (v128.store offset=0 (i32.add (local.get $po) (local.get $c)) (local.get $a0))
                (v128.store offset=16 (i32.add (local.get $po) (local.get $c)) (local.get $a1))
                (v128.store offset=32 (i32.add (local.get $po) (local.get $c)) (local.get $a2))
                (v128.store offset=48 (i32.add (local.get $po) (local.get $c)) (local.get $a3))
                (local.set $c (i32.add (local.get $c) (i32.const 64)))
                (br $c16Loop)))
            (block $c4Done
              (loop $c4Loop
                (br_if $c4Done (i32.ge_u (local.get $c) (local.get $c4b)))
                (local.set $a0 (v128.const i32x4 0 0 0 0))
                (local.set $k (local.get $start))
                (local.set $xo (i32.add (local.get $x) (i32.add (local.get $ho) (local.get $c))))
                (block $edgesDone
                  (loop $edgeLoop
                    (br_if $edgesDone (i32.ge_s (local.get $k) (local.get $end)))
                    (local.set $px (i32.add (local.get $xo)
                      (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2))))
                        (local.get $rowBytes))))
                    (local.set $a0 (f32x4.add (local.get $a0)
                      (f32x4.mul
                        (f32x4.splat (call $weight (local.get $w) (local.get $eids) (local.get $k)
                          (local.get $H) (local.get $h)))
                        (v128.load (local.get $px)))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $edgeLoop)))
                (v128.store (i32.add (local.get $po) (local.get $c)) (local.get $a0))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $c4Loop)))
            (block $tailDone
              (loop $tailLoop
                (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cb)))
                (local.set $s (f32.const 0))
                (local.set $k (local.get $start))
                (local.set $xo (i32.add (local.get $x) (i32.add (local.get $ho) (local.get $c))))
                (block $edgesDone
                  (loop $edgeLoop
                    (br_if $edgesDone (i32.ge_s (local.get $k) (local.get $end)))
                    (local.set $px (i32.add (local.get $xo)
                      (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2))))
                        (local.get $rowBytes))))
                    (local.set $s (f32.add (local.get $s)
                      (f32.mul
                        (call $weight (local.get $w) (local.get $eids) (local.get $k) (local.get $H)
                          (local.get $h))
                        (f32.load (local.get $px)))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $edgeLoop)))
                (f32.store (i32.add (local.get $po) (local.get $c)) (local.get $s))
                (local.set $c (i32.add (local.get $c) (i32.const 4)))
                (br $tailLoop)))
            (local.set $h (i32.add (local.get $h) (i32.const 1)))
            (br $headLoop)))
        (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; w[eids[k]*H + h], or 1 when w = 0 (no weights).
  (func $weight
    (param $w i32) (param $eids i32) (param $k i32) (param $H i32) (param $h i32) (result f32)
    (if (result f32) (local.get $w)
      (then (f32.load (i32.add (local.get $w)
        (i32.shl
          (i32.add
            (i32.mul (local.get $H)
              (i32.load (i32.add (local.get $eids) (i32.shl (local.get $k) (i32.const 2)))))
            (local.get $h))
          (i32.const 2)))))
      (else (f32.const 1))))

  ;; out[e*H + h] = sum_c a[src[e], h*C + c] * b[dst[e], h*C + c]: four lane sums over the first
  ;; C & ~3 columns (lane j takes c = j mod 4, c ascending), combined as (l0 + l1) + (l2 + l3), then
  ;; the remaining columns added one by one.
  (func (export "edgeDot")
    (param $src i32) (param $dst i32) (param $a i32) (param $b i32) (param $out i32)
    (param $E i32) (param $H i32) (param $C i32)
    (local $rowBytes i32) (local $cb i32) (local $c4b i32) (local $e i32) (local $pa i32)
    (local $pb i32) (local $h i32) (local $c i32) (local $acc v128) (local $s f32)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $c4b (i32.and (local.get $cb) (i32.const -16)))
    (local.set $rowBytes (i32.mul (local.get $cb) (local.get $H)))
    (block $edgesDone
      (loop $edgeLoop
        (br_if $edgesDone (i32.ge_u (local.get $e) (local.get $E)))
        (local.set $pa (i32.add (local.get $a)
          (i32.mul (i32.load (i32.add (local.get $src) (i32.shl (local.get $e) (i32.const 2))))
            (local.get $rowBytes))))
        (local.set $pb (i32.add (local.get $b)
          (i32.mul (i32.load (i32.add (local.get $dst) (i32.shl (local.get $e) (i32.const 2))))
            (local.get $rowBytes))))
        (local.set $h (i32.const 0))
        (block $headsDone
          (loop $headLoop
            (br_if $headsDone (i32.ge_u (local.get $h) (local.get $H)))
            (local.set $acc (v128.const i32x4 0 0 0 0))
            (local.set $c (i32.const 0))
            (block $vecDone
              (loop $vecLoop
                (br_if $vecDone (i32.ge_u (local.get $c) (local.get $c4b)))
                (local.set $acc (f32x4.add (local.get $acc)
                  (f32x4.mul (v128.load (i32.add (local.get $pa) (local.get $c)))
                    (v128.load (i32.add (local.get $pb) (local.get $c))))))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $vecLoop)))
            (local.set $s (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
              (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
            (block $tailDone
              (loop $tailLoop
                (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cb)))
                (local.set $s (f32.add (local.get $s)
                  (f32.mul (f32.load (i32.add (local.get $pa) (local.get $c)))
                    (f32.load (i32.add (local.get $pb) (local.get $c))))))
                (local.set $c (i32.add (local.get $c) (i32.const 4)))
                (br $tailLoop)))
            (f32.store (local.get $out) (local.get $s))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $pa (i32.add (local.get $pa) (local.get $cb)))
            (local.set $pb (i32.add (local.get $pb) (local.get $cb)))
            (local.set $h (i32.add (local.get $h) (i32.const 1)))
            (br $headLoop)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $edgeLoop)))))
