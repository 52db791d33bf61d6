;; SIMD (f32x4) kernels for the sparse ops, run on the tfjs wasm backend's own memory (imported), so
;; tensors are read and written in place. Pointers are byte offsets; all arrays are row-major.
;; Sums run in a fixed order with float32 rounding after every multiply and add, the same as the
;; JS kernels in _kernels.ts, so both give bit-identical results.
;; Source of _simd_bytes.ts: regenerate with `deno run -A lib/sparse/_build_simd.ts`.
(module
  (import "env" "memory" (memory 0))

  ;; out[r, h*C + c] = sum_{k in indptr[r]..indptr[r+1]} w[eids[k]*H + h] * x[cols[k], h*C + c],
  ;; k ascending; w = 0 means all weights are 1. out has `rows` rows of H*C floats.
  (func (export "spmm")
    (param $indptr i32) (param $cols i32) (param $eids i32) (param $w i32) (param $x i32)
    (param $out i32) (param $rows i32) (param $H i32) (param $C i32)
    (local $rowBytes i32) (local $cb i32) (local $c4b i32) (local $r i32) (local $k i32)
    (local $end i32) (local $px i32) (local $pw i32) (local $po i32) (local $h i32) (local $c i32)
    (local $ws f32) (local $wv v128)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $c4b (i32.and (local.get $cb) (i32.const -16)))
    (local.set $rowBytes (i32.mul (local.get $cb) (local.get $H)))
    (local.set $ws (f32.const 1))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (memory.fill (local.get $out) (i32.const 0) (local.get $rowBytes))
        (local.set $k (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $end
          (i32.load (i32.add (local.get $indptr) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (block $edgesDone
          (loop $edgeLoop
            (br_if $edgesDone (i32.ge_s (local.get $k) (local.get $end)))
            (local.set $px (i32.add (local.get $x)
              (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2))))
                (local.get $rowBytes))))
            (if (local.get $w)
              (then (local.set $pw (i32.add (local.get $w)
                (i32.shl (i32.mul (local.get $H)
                  (i32.load (i32.add (local.get $eids) (i32.shl (local.get $k) (i32.const 2)))))
                  (i32.const 2))))))
            (local.set $po (local.get $out))
            (local.set $h (i32.const 0))
            (block $headsDone
              (loop $headLoop
                (br_if $headsDone (i32.ge_u (local.get $h) (local.get $H)))
                (if (local.get $w)
                  (then (local.set $ws (f32.load (i32.add (local.get $pw) (i32.shl (local.get $h) (i32.const 2)))))))
                (local.set $wv (f32x4.splat (local.get $ws)))
                (local.set $c (i32.const 0))
                (block $vecDone
                  (loop $vecLoop
                    (br_if $vecDone (i32.ge_u (local.get $c) (local.get $c4b)))
                    (v128.store (i32.add (local.get $po) (local.get $c))
                      (f32x4.add (v128.load (i32.add (local.get $po) (local.get $c)))
                        (f32x4.mul (local.get $wv) (v128.load (i32.add (local.get $px) (local.get $c))))))
                    (local.set $c (i32.add (local.get $c) (i32.const 16)))
                    (br $vecLoop)))
                (block $tailDone
                  (loop $tailLoop
                    (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cb)))
                    (f32.store (i32.add (local.get $po) (local.get $c))
                      (f32.add (f32.load (i32.add (local.get $po) (local.get $c)))
                        (f32.mul (local.get $ws) (f32.load (i32.add (local.get $px) (local.get $c))))))
                    (local.set $c (i32.add (local.get $c) (i32.const 4)))
                    (br $tailLoop)))
                (local.set $po (i32.add (local.get $po) (local.get $cb)))
                (local.set $px (i32.add (local.get $px) (local.get $cb)))
                (local.set $h (i32.add (local.get $h) (i32.const 1)))
                (br $headLoop)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $edgeLoop)))
        (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

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
