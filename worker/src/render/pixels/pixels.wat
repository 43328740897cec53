;; The renderer's per-frame pixel loops in WebAssembly SIMD, 16 samples per
;; step, with the same integer arithmetic as their JavaScript references in
;; reference.ts, bit for bit:
;;   resample_plane  bilinear resampling of one yuv420p plane (resampleWindowScalar)
;;   blend           target·(256 − alpha) + source·alpha, rounded (blendWholeScalar)
;;   composite       a caption overlay over a plane, "source over" (compositeOverlay)
;; simd-kernel.ts lays out the tables and buffers in linear memory (its
;; BLOCK and ROW name the offsets described below).
;;
;; Built into pixels.wasm by `npm run build:wasm` (wabt); the unit test
;; simd-kernel.test.ts checks that the committed .wasm is this file built.
(module
  (memory (export "memory") 1)

  ;; Per output row, 16 bytes at $rows: the address of its first source row,
  ;; of its second source row (both already offset to the first column the
  ;; plane needs), and the weight 0..256 of the second.
  ;;
  ;; Per block of 16 output samples along the row, 144 bytes at $blocks:
  ;;   +0    i32   the block's first source column, relative to that column
  ;;   +16   16×u8 each sample's left source column, relative to the block's
  ;;   +32   16×u8 the same minus 16 (picks from the second 16 bytes)
  ;;   +48   16×u8 the right column (left + 1)
  ;;   +64   16×u8 the right column minus 16
  ;;   +80   8×u16 weights of the right column (samples 0-7), 0..256
  ;;   +96   8×u16 weights of the right column (samples 8-15)
  ;;   +112  8×u16 256 minus those weights (samples 0-7)
  ;;   +128  8×u16 256 minus those weights (samples 8-15)
  ;; Left and right columns are at most 31 from the block's first one (the
  ;; caller checks), so two 16-byte loads cover every sample of a block.
  ;;
  ;; Each output row is written in whole blocks: up to 15 bytes spill past
  ;; its end into the next row, which is written after it, or into padding.
  (func (export "resample_plane")
    (param $rows i32) (param $rowCount i32)
    (param $blocks i32) (param $blockCount i32)
    (param $row i32) (param $columns i32)
    (param $out i32) (param $outWidth i32)
    (local $r i32) (local $k i32) (local $b i32) (local $p i32) (local $dst i32)
    (local $fy v128) (local $gy v128) (local $va v128) (local $vb v128)
    (local $v0 v128) (local $v1 v128) (local $left v128) (local $right v128)
    (local $lo v128) (local $hi v128)
    (local.set $r (local.get $rows))
    (local.set $dst (local.get $out))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.eqz (local.get $rowCount)))
        ;; Vertical: blend the two source rows into $row, the columns the row needs.
        (local.set $fy (i16x8.splat (i32.load offset=8 (local.get $r))))
        (local.set $gy (i16x8.sub (i16x8.splat (i32.const 256)) (local.get $fy)))
        (local.set $k (i32.const 0))
        (block $blendDone
          (loop $blend
            (br_if $blendDone (i32.ge_u (local.get $k) (local.get $columns)))
            (local.set $va (v128.load (i32.add (i32.load (local.get $r)) (local.get $k))))
            (local.set $vb (v128.load (i32.add (i32.load offset=4 (local.get $r)) (local.get $k))))
            (local.set $lo
              (i16x8.shr_u
                (i16x8.add
                  (i16x8.add
                    (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $va)) (local.get $gy))
                    (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $vb)) (local.get $fy)))
                  (v128.const i16x8 128 128 128 128 128 128 128 128))
                (i32.const 8)))
            (local.set $hi
              (i16x8.shr_u
                (i16x8.add
                  (i16x8.add
                    (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $va)) (local.get $gy))
                    (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $vb)) (local.get $fy)))
                  (v128.const i16x8 128 128 128 128 128 128 128 128))
                (i32.const 8)))
            (v128.store (i32.add (local.get $row) (local.get $k)) (i8x16.narrow_i16x8_u (local.get $lo) (local.get $hi)))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $blend)))
        ;; Horizontal: each block gathers its left and right samples from 32 bytes of $row.
        (local.set $b (local.get $blocks))
        (local.set $k (i32.const 0))
        (block $blocksDone
          (loop $block
            (br_if $blocksDone (i32.ge_u (local.get $k) (local.get $blockCount)))
            (local.set $p (i32.add (local.get $row) (i32.load (local.get $b))))
            (local.set $v0 (v128.load (local.get $p)))
            (local.set $v1 (v128.load offset=16 (local.get $p)))
            (local.set $left
              (v128.or
                (i8x16.swizzle (local.get $v0) (v128.load offset=16 (local.get $b)))
                (i8x16.swizzle (local.get $v1) (v128.load offset=32 (local.get $b)))))
            (local.set $right
              (v128.or
                (i8x16.swizzle (local.get $v0) (v128.load offset=48 (local.get $b)))
                (i8x16.swizzle (local.get $v1) (v128.load offset=64 (local.get $b)))))
            (local.set $lo
              (i16x8.shr_u
                (i16x8.add
                  (i16x8.add
                    (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $left)) (v128.load offset=112 (local.get $b)))
                    (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $right)) (v128.load offset=80 (local.get $b))))
                  (v128.const i16x8 128 128 128 128 128 128 128 128))
                (i32.const 8)))
            (local.set $hi
              (i16x8.shr_u
                (i16x8.add
                  (i16x8.add
                    (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $left)) (v128.load offset=128 (local.get $b)))
                    (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $right)) (v128.load offset=96 (local.get $b))))
                  (v128.const i16x8 128 128 128 128 128 128 128 128))
                (i32.const 8)))
            (v128.store (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 4))) (i8x16.narrow_i16x8_u (local.get $lo) (local.get $hi)))
            (local.set $b (i32.add (local.get $b) (i32.const 144)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $block)))
        (local.set $dst (i32.add (local.get $dst) (local.get $outWidth)))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (local.set $rowCount (i32.sub (local.get $rowCount) (i32.const 1)))
        (br $nextRow))))

  ;; $target[k] = ($target[k]·(256 − $alpha) + $source[k]·$alpha + 128) >> 8
  ;; for k < $length, rounded up to a whole 16 (the caller pads).
  (func (export "blend") (param $target i32) (param $source i32) (param $length i32) (param $alpha i32)
    (local $k i32) (local $wa v128) (local $wb v128) (local $va v128) (local $vb v128)
    (local.set $wb (i16x8.splat (local.get $alpha)))
    (local.set $wa (i16x8.sub (i16x8.splat (i32.const 256)) (local.get $wb)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $length)))
        (local.set $va (v128.load (i32.add (local.get $target) (local.get $k))))
        (local.set $vb (v128.load (i32.add (local.get $source) (local.get $k))))
        (v128.store (i32.add (local.get $target) (local.get $k))
          (i8x16.narrow_i16x8_u
            (i16x8.shr_u
              (i16x8.add
                (i16x8.add
                  (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $va)) (local.get $wa))
                  (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $vb)) (local.get $wb)))
                (v128.const i16x8 128 128 128 128 128 128 128 128))
              (i32.const 8))
            (i16x8.shr_u
              (i16x8.add
                (i16x8.add
                  (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $va)) (local.get $wa))
                  (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $vb)) (local.get $wb)))
                (v128.const i16x8 128 128 128 128 128 128 128 128))
              (i32.const 8))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $next))))

  ;; Composites one plane of an overlay onto a plane region, "source over":
  ;; d = div255(d·(255 − a) + p) with p = the premultiplied sample (u16) and
  ;; div255(x) = (x + 128 + ((x + 128) >> 8)) >> 8. Overlay rows are $stride
  ;; samples (a multiple of 16), padded with a = p = 0, which leaves d as it
  ;; is; $dst is the region's top-left sample, rows $dstWidth apart.
  (func (export "composite")
    (param $dst i32) (param $dstWidth i32) (param $alpha i32) (param $premultiplied i32) (param $stride i32) (param $rows i32)
    (local $x i32) (local $d v128) (local $a v128) (local $lo v128) (local $hi v128)
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.eqz (local.get $rows)))
        (local.set $x (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $stride)))
            (local.set $d (v128.load (i32.add (local.get $dst) (local.get $x))))
            (local.set $a (v128.load (i32.add (local.get $alpha) (local.get $x))))
            (local.set $lo
              (i16x8.add
                (i16x8.add
                  (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $d))
                    (i16x8.sub (v128.const i16x8 255 255 255 255 255 255 255 255) (i16x8.extend_low_i8x16_u (local.get $a))))
                  (v128.load (i32.add (local.get $premultiplied) (i32.shl (local.get $x) (i32.const 1)))))
                (v128.const i16x8 128 128 128 128 128 128 128 128)))
            (local.set $hi
              (i16x8.add
                (i16x8.add
                  (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $d))
                    (i16x8.sub (v128.const i16x8 255 255 255 255 255 255 255 255) (i16x8.extend_high_i8x16_u (local.get $a))))
                  (v128.load offset=16 (i32.add (local.get $premultiplied) (i32.shl (local.get $x) (i32.const 1)))))
                (v128.const i16x8 128 128 128 128 128 128 128 128)))
            (v128.store (i32.add (local.get $dst) (local.get $x))
              (i8x16.narrow_i16x8_u
                (i16x8.shr_u (i16x8.add (local.get $lo) (i16x8.shr_u (local.get $lo) (i32.const 8))) (i32.const 8))
                (i16x8.shr_u (i16x8.add (local.get $hi) (i16x8.shr_u (local.get $hi) (i32.const 8))) (i32.const 8))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $next)))
        (local.set $dst (i32.add (local.get $dst) (local.get $dstWidth)))
        (local.set $alpha (i32.add (local.get $alpha) (local.get $stride)))
        (local.set $premultiplied (i32.add (local.get $premultiplied) (i32.shl (local.get $stride) (i32.const 1))))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $nextRow)))))
