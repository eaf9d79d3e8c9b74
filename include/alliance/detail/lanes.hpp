// Two doubles at a time for the batch scorer (alliance/batch.hpp): the few operations its loops
// need, on SSE2 registers (every x86-64 CPU has them), or one double at a time elsewhere.
//
// Written with intrinsics rather than left to the auto-vectoriser or GNU vector types: g++ -O2
// (the level R and Python build packages with) does not vectorise loops of selects, and both
// g++ and clang rewrite GNU vector masks into 64-bit integer compares that SSE2 lacks and then
// do them one lane at a time. A mask is all ones (true) or all zeros per lane. Defining
// ALLIANCE_BATCH_NO_SIMD selects the one-lane version anywhere (the tests build both).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__) && !defined(ALLIANCE_BATCH_NO_SIMD)
#include <emmintrin.h>
#define ALLIANCE_BATCH_SSE2 1
#endif

namespace alliance::detail::lanes {

#if defined(ALLIANCE_BATCH_SSE2)

inline constexpr std::size_t width = 2;
struct doubles {
    __m128d v;
};
struct mask {
    __m128d v;
};

[[nodiscard]] inline doubles load(const double* at) noexcept { return {_mm_loadu_pd(at)}; }
inline void store(double* at, doubles x) noexcept { _mm_storeu_pd(at, x.v); }
[[nodiscard]] inline doubles splat(double x) noexcept { return {_mm_set1_pd(x)}; }
[[nodiscard]] inline mask load_mask(const double* at) noexcept { return {_mm_loadu_pd(at)}; }
inline void store(double* at, mask m) noexcept { _mm_storeu_pd(at, m.v); }
[[nodiscard]] inline mask all(bool x) noexcept { return {_mm_castsi128_pd(_mm_set1_epi64x(x ? -1 : 0))}; }

[[nodiscard]] inline doubles operator+(doubles a, doubles b) noexcept { return {_mm_add_pd(a.v, b.v)}; }
[[nodiscard]] inline doubles operator-(doubles a, doubles b) noexcept { return {_mm_sub_pd(a.v, b.v)}; }
[[nodiscard]] inline doubles operator*(doubles a, doubles b) noexcept { return {_mm_mul_pd(a.v, b.v)}; }
[[nodiscard]] inline doubles operator/(doubles a, doubles b) noexcept { return {_mm_div_pd(a.v, b.v)}; }

// Comparisons are quiet (no exception for a NaN); every one is false for NaN except is_nan.
[[nodiscard]] inline mask operator==(doubles a, doubles b) noexcept { return {_mm_cmpeq_pd(a.v, b.v)}; }
[[nodiscard]] inline mask operator<=(doubles a, doubles b) noexcept { return {_mm_cmple_pd(a.v, b.v)}; }
[[nodiscard]] inline mask operator>=(doubles a, doubles b) noexcept { return {_mm_cmpge_pd(a.v, b.v)}; }
[[nodiscard]] inline mask is_nan(doubles a) noexcept { return {_mm_cmpunord_pd(a.v, a.v)}; }

[[nodiscard]] inline mask operator&(mask a, mask b) noexcept { return {_mm_and_pd(a.v, b.v)}; }
[[nodiscard]] inline mask operator|(mask a, mask b) noexcept { return {_mm_or_pd(a.v, b.v)}; }
[[nodiscard]] inline mask operator~(mask a) noexcept { return {_mm_xor_pd(a.v, all(true).v)}; }
// a and not b.
[[nodiscard]] inline mask but_not(mask a, mask b) noexcept { return {_mm_andnot_pd(b.v, a.v)}; }
// x where the mask is set, else 0; and the other way round.
[[nodiscard]] inline doubles keep(mask m, doubles x) noexcept { return {_mm_and_pd(m.v, x.v)}; }
[[nodiscard]] inline doubles keep_unless(mask m, doubles x) noexcept { return {_mm_andnot_pd(m.v, x.v)}; }
// a where the mask is set, else b.
[[nodiscard]] inline doubles select(mask m, doubles a, doubles b) noexcept {
    return {_mm_or_pd(_mm_and_pd(m.v, a.v), _mm_andnot_pd(m.v, b.v))};
}

#else

inline constexpr std::size_t width = 1;
struct doubles {
    double v;
};
struct mask {
    std::uint64_t v;
};

[[nodiscard]] inline doubles load(const double* at) noexcept { return {*at}; }
inline void store(double* at, doubles x) noexcept { *at = x.v; }
[[nodiscard]] inline doubles splat(double x) noexcept { return {x}; }
[[nodiscard]] inline mask load_mask(const double* at) noexcept { return {std::bit_cast<std::uint64_t>(*at)}; }
inline void store(double* at, mask m) noexcept { *at = std::bit_cast<double>(m.v); }
[[nodiscard]] inline mask all(bool x) noexcept { return {x ? ~std::uint64_t{0} : 0}; }

[[nodiscard]] inline doubles operator+(doubles a, doubles b) noexcept { return {a.v + b.v}; }
[[nodiscard]] inline doubles operator-(doubles a, doubles b) noexcept { return {a.v - b.v}; }
[[nodiscard]] inline doubles operator*(doubles a, doubles b) noexcept { return {a.v * b.v}; }
[[nodiscard]] inline doubles operator/(doubles a, doubles b) noexcept { return {a.v / b.v}; }

[[nodiscard]] inline mask operator==(doubles a, doubles b) noexcept { return all(a.v == b.v); }
[[nodiscard]] inline mask operator<=(doubles a, doubles b) noexcept { return all(a.v <= b.v); }
[[nodiscard]] inline mask operator>=(doubles a, doubles b) noexcept { return all(a.v >= b.v); }
[[nodiscard]] inline mask is_nan(doubles a) noexcept { return all(a.v != a.v); }

[[nodiscard]] inline mask operator&(mask a, mask b) noexcept { return {a.v & b.v}; }
[[nodiscard]] inline mask operator|(mask a, mask b) noexcept { return {a.v | b.v}; }
[[nodiscard]] inline mask operator~(mask a) noexcept { return {~a.v}; }
[[nodiscard]] inline mask but_not(mask a, mask b) noexcept { return {a.v & ~b.v}; }
[[nodiscard]] inline doubles keep(mask m, doubles x) noexcept { return m.v != 0 ? x : doubles{0.0}; }
[[nodiscard]] inline doubles keep_unless(mask m, doubles x) noexcept { return m.v != 0 ? doubles{0.0} : x; }
[[nodiscard]] inline doubles select(mask m, doubles a, doubles b) noexcept { return m.v != 0 ? a : b; }

#endif

// A mask kept in a double array (all bits set: a NaN) and the test for one.
inline constexpr double set_mark = std::bit_cast<double>(~std::uint64_t{0});
[[nodiscard]] inline bool is_set(double stored) noexcept { return std::bit_cast<std::uint64_t>(stored) != 0; }

// The nearest whole number (ties to even) of |x| < 2^51, by the 1.5 x 2^52 shift, as the scalar
// detail::round_to_whole does.
[[nodiscard]] inline doubles round_to_whole(doubles x) noexcept {
    const doubles shift = splat(6755399441055744.0);
    return (x + shift) - shift;
}

}  // namespace alliance::detail::lanes
