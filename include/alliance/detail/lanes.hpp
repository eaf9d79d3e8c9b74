// Several doubles at a time for the batch scorer (alliance/batch.hpp): the few operations its
// loops need, as one set of functions per instruction set, each in its own namespace so the
// scorer's kernel (alliance/detail/batch_kernel.hpp) can be compiled once for each:
//   lanes       two doubles in SSE2 registers (every x86-64 CPU has them), or one at a time
//               elsewhere and when ALLIANCE_BATCH_NO_SIMD is defined (the tests build both);
//   lanes_avx2  four doubles in AVX2 registers, compiled for AVX2 whatever the compiler flags
//               (a target region) and used only where the CPU reports AVX2 (x86-64 with g++ or
//               clang; ALLIANCE_BATCH_NO_AVX2 leaves it out).
//
// Written with intrinsics rather than left to the auto-vectoriser or GNU vector types: g++ -O2
// (the level R and Python build packages with) does not vectorise loops of selects, and both
// g++ and clang rewrite GNU vector masks into 64-bit integer compares that SSE2 lacks and then
// do them one lane at a time. A mask is all ones (true) or all zeros per lane.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__) && !defined(ALLIANCE_BATCH_NO_SIMD)
#include <emmintrin.h>
#define ALLIANCE_BATCH_SSE2 1
#endif

#if defined(ALLIANCE_BATCH_SSE2) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(ALLIANCE_BATCH_NO_AVX2)
#include <immintrin.h>
#define ALLIANCE_BATCH_AVX2 1
// Everything defined between these is compiled for AVX2 (function templates included).
#if defined(__clang__)
#define ALLIANCE_AVX2_REGION_BEGIN \
    _Pragma("clang attribute push(__attribute__((target(\"avx2\"))), apply_to = function)")
#define ALLIANCE_AVX2_REGION_END _Pragma("clang attribute pop")
#else
#define ALLIANCE_AVX2_REGION_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"avx2\")")
#define ALLIANCE_AVX2_REGION_END _Pragma("GCC pop_options")
#endif
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

// a | b, bit by bit: the one that is not 0, where at most one of them is (keep()'s results).
[[nodiscard]] inline doubles either(doubles a, doubles b) noexcept { return {_mm_or_pd(a.v, b.v)}; }
// x within [low, high]; NaN gives low (MAXPD returns its second operand when one is NaN),
// a number all the same, so that comparing the result with x is false for NaN.
[[nodiscard]] inline doubles clamp(doubles x, doubles low, doubles high) noexcept {
    return {_mm_min_pd(_mm_max_pd(x.v, low.v), high.v)};
}
// Whether some lane of the mask is set.
[[nodiscard]] inline bool any(mask m) noexcept { return _mm_movemask_pd(m.v) != 0; }
// The whole part of 0 <= x < 2^31 (other lanes: some number).
[[nodiscard]] inline doubles truncate(doubles x) noexcept { return {_mm_cvtepi32_pd(_mm_cvttpd_epi32(x.v))}; }
// Whole numbers stored as int32 (they fit) or as bytes (0 ... 255).
inline void store_whole(std::int32_t* at, doubles x) noexcept {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(at), _mm_cvttpd_epi32(x.v));
}
inline void store_bytes(unsigned char* at, doubles x) noexcept {
    const __m128i words = _mm_cvttpd_epi32(x.v);
    const __m128i bytes = _mm_packus_epi16(_mm_packs_epi32(words, words), words);
    const auto both = static_cast<std::uint16_t>(_mm_cvtsi128_si32(bytes));
    std::memcpy(at, &both, sizeof both);
}

// width x width numbers: row k (in + k * in_stride, width consecutive numbers) becomes column k
// (out + k, one number every out_stride).
inline void transpose(const double* in, std::size_t in_stride, double* out, std::size_t out_stride) noexcept {
    const __m128d a = _mm_loadu_pd(in), b = _mm_loadu_pd(in + in_stride);
    _mm_storeu_pd(out, _mm_unpacklo_pd(a, b));
    _mm_storeu_pd(out + out_stride, _mm_unpackhi_pd(a, b));
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

[[nodiscard]] inline doubles either(doubles a, doubles b) noexcept {
    return {std::bit_cast<double>(std::bit_cast<std::uint64_t>(a.v) | std::bit_cast<std::uint64_t>(b.v))};
}
[[nodiscard]] inline doubles clamp(doubles x, doubles low, doubles high) noexcept {
    return {x.v < low.v ? low.v : (high.v < x.v ? high.v : x.v)};
}
[[nodiscard]] inline bool any(mask m) noexcept { return m.v != 0; }
[[nodiscard]] inline doubles truncate(doubles x) noexcept { return {std::trunc(x.v)}; }
inline void store_whole(std::int32_t* at, doubles x) noexcept { *at = static_cast<std::int32_t>(x.v); }
inline void store_bytes(unsigned char* at, doubles x) noexcept { *at = static_cast<unsigned char>(x.v); }

inline void transpose(const double* in, std::size_t, double* out, std::size_t) noexcept { *out = *in; }

#endif

}  // namespace alliance::detail::lanes

#if defined(ALLIANCE_BATCH_AVX2)
ALLIANCE_AVX2_REGION_BEGIN
namespace alliance::detail::lanes_avx2 {

inline constexpr std::size_t width = 4;
struct doubles {
    __m256d v;
};
struct mask {
    __m256d v;
};

[[nodiscard]] inline doubles load(const double* at) noexcept { return {_mm256_loadu_pd(at)}; }
inline void store(double* at, doubles x) noexcept { _mm256_storeu_pd(at, x.v); }
[[nodiscard]] inline doubles splat(double x) noexcept { return {_mm256_set1_pd(x)}; }
[[nodiscard]] inline mask load_mask(const double* at) noexcept { return {_mm256_loadu_pd(at)}; }
inline void store(double* at, mask m) noexcept { _mm256_storeu_pd(at, m.v); }
[[nodiscard]] inline mask all(bool x) noexcept { return {_mm256_castsi256_pd(_mm256_set1_epi64x(x ? -1 : 0))}; }

[[nodiscard]] inline doubles operator+(doubles a, doubles b) noexcept { return {_mm256_add_pd(a.v, b.v)}; }
[[nodiscard]] inline doubles operator-(doubles a, doubles b) noexcept { return {_mm256_sub_pd(a.v, b.v)}; }
[[nodiscard]] inline doubles operator*(doubles a, doubles b) noexcept { return {_mm256_mul_pd(a.v, b.v)}; }
[[nodiscard]] inline doubles operator/(doubles a, doubles b) noexcept { return {_mm256_div_pd(a.v, b.v)}; }

// Ordered, quiet comparisons, as SSE2's: false for NaN, without an exception.
[[nodiscard]] inline mask operator==(doubles a, doubles b) noexcept { return {_mm256_cmp_pd(a.v, b.v, _CMP_EQ_OQ)}; }
[[nodiscard]] inline mask operator<=(doubles a, doubles b) noexcept { return {_mm256_cmp_pd(a.v, b.v, _CMP_LE_OQ)}; }
[[nodiscard]] inline mask operator>=(doubles a, doubles b) noexcept { return {_mm256_cmp_pd(a.v, b.v, _CMP_GE_OQ)}; }
[[nodiscard]] inline mask is_nan(doubles a) noexcept { return {_mm256_cmp_pd(a.v, a.v, _CMP_UNORD_Q)}; }

[[nodiscard]] inline mask operator&(mask a, mask b) noexcept { return {_mm256_and_pd(a.v, b.v)}; }
[[nodiscard]] inline mask operator|(mask a, mask b) noexcept { return {_mm256_or_pd(a.v, b.v)}; }
[[nodiscard]] inline mask operator~(mask a) noexcept { return {_mm256_xor_pd(a.v, all(true).v)}; }
[[nodiscard]] inline mask but_not(mask a, mask b) noexcept { return {_mm256_andnot_pd(b.v, a.v)}; }
[[nodiscard]] inline doubles keep(mask m, doubles x) noexcept { return {_mm256_and_pd(m.v, x.v)}; }
[[nodiscard]] inline doubles keep_unless(mask m, doubles x) noexcept { return {_mm256_andnot_pd(m.v, x.v)}; }
[[nodiscard]] inline doubles select(mask m, doubles a, doubles b) noexcept {
    return {_mm256_blendv_pd(b.v, a.v, m.v)};
}
[[nodiscard]] inline doubles either(doubles a, doubles b) noexcept { return {_mm256_or_pd(a.v, b.v)}; }
[[nodiscard]] inline doubles clamp(doubles x, doubles low, doubles high) noexcept {
    return {_mm256_min_pd(_mm256_max_pd(x.v, low.v), high.v)};
}
[[nodiscard]] inline bool any(mask m) noexcept { return _mm256_movemask_pd(m.v) != 0; }
[[nodiscard]] inline doubles truncate(doubles x) noexcept {
    return {_mm256_cvtepi32_pd(_mm256_cvttpd_epi32(x.v))};
}
inline void store_whole(std::int32_t* at, doubles x) noexcept {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(at), _mm256_cvttpd_epi32(x.v));
}
inline void store_bytes(unsigned char* at, doubles x) noexcept {
    const __m128i words = _mm256_cvttpd_epi32(x.v);
    const __m128i bytes = _mm_packus_epi16(_mm_packs_epi32(words, words), words);
    const auto four = static_cast<std::uint32_t>(_mm_cvtsi128_si32(bytes));
    std::memcpy(at, &four, sizeof four);
}

inline void transpose(const double* in, std::size_t in_stride, double* out, std::size_t out_stride) noexcept {
    const __m256d a0 = _mm256_loadu_pd(in), a1 = _mm256_loadu_pd(in + in_stride);
    const __m256d a2 = _mm256_loadu_pd(in + 2 * in_stride), a3 = _mm256_loadu_pd(in + 3 * in_stride);
    const __m256d t0 = _mm256_unpacklo_pd(a0, a1), t1 = _mm256_unpackhi_pd(a0, a1);  // items 0 2, 1 3
    const __m256d t2 = _mm256_unpacklo_pd(a2, a3), t3 = _mm256_unpackhi_pd(a2, a3);
    _mm256_storeu_pd(out, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(out + out_stride, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(out + 2 * out_stride, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(out + 3 * out_stride, _mm256_permute2f128_pd(t1, t3, 0x31));
}

}  // namespace alliance::detail::lanes_avx2
ALLIANCE_AVX2_REGION_END
#endif
