// Batch scoring: a block of records given as a matrix of numbers (a data frame's item columns,
// a numpy array) scored in one call into columnar results, one array per scale and quantity.
//
//   const alliance::batch_plan plan(alliance::instruments::wai_sr);  // once per instrument
//   alliance::batch_scores out;
//   alliance::score_batch(plan, alliance::response_matrix::row_major(data, records, 12), out);
//   out.sums(3)[r], out.statuses(3)[r], out.valid(r), out.problems()
//
// The rules are score()'s, and a test holds the two to the same result on every record: the
// same validation (range, the response grid, "does not apply" only where offered), exact sums in
// units of the response resolution, the same missing-item rules and the same correctly rounded
// sum and mean. What differs is only the shape: the item -> scale membership is planned once
// per instrument, every answer is read once, records are processed in blocks item by item, two
// at a time in vector registers, and nothing is allocated per record.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alliance/detail/lanes.hpp"
#include "alliance/runtime_instrument.hpp"
#include "alliance/score.hpp"

namespace alliance {

// Records x items, read through two strides: record r, item i (both 0-based) is
// data[r * record_stride + i * item_stride]. Nothing is copied; the caller keeps the data alive
// for the call.
class response_matrix {
public:
    response_matrix(const double* data, std::size_t records, std::size_t items, std::size_t record_stride,
                    std::size_t item_stride) noexcept
        : data_(data), records_(records), items_(items), record_stride_(record_stride), item_stride_(item_stride) {}

    // One row per record (C order; numpy's default). `row_stride` 0 means items.
    [[nodiscard]] static response_matrix row_major(const double* data, std::size_t records, std::size_t items,
                                                   std::size_t row_stride = 0) noexcept {
        return {data, records, items, row_stride == 0 ? items : row_stride, 1};
    }
    // One column per item (Fortran order; R's matrices, pandas blocks). `column_stride` 0 means records.
    [[nodiscard]] static response_matrix column_major(const double* data, std::size_t records, std::size_t items,
                                                      std::size_t column_stride = 0) noexcept {
        return {data, records, items, 1, column_stride == 0 ? records : column_stride};
    }

    [[nodiscard]] std::size_t records() const noexcept { return records_; }
    [[nodiscard]] std::size_t items() const noexcept { return items_; }
    [[nodiscard]] double at(std::size_t record, std::size_t item) const noexcept {
        return data_[record * record_stride_ + item * item_stride_];
    }
    [[nodiscard]] const double* column(std::size_t item) const noexcept { return data_ + item * item_stride_; }
    [[nodiscard]] std::size_t record_stride() const noexcept { return record_stride_; }
    [[nodiscard]] std::size_t item_stride() const noexcept { return item_stride_; }

private:
    const double* data_;
    std::size_t records_;
    std::size_t items_;
    std::size_t record_stride_;
    std::size_t item_stride_;
};

// What a number in the matrix means when it is not an answer. NaN is how numpy, pandas (NaN,
// None, pd.NA after conversion) and R (NA_real_) mark a blank, so by default it is "missing";
// with nan_is_missing = false it is an invalid answer (alliance.response.not_finite), as in
// score(). A code equal to a valid answer wins: that answer reads as the code.
struct batch_codes {
    bool nan_is_missing = true;
    std::optional<double> missing{};         // a further number meaning "not answered" (-99)
    std::optional<double> not_applicable{};  // a number meaning "does not apply"
};

struct batch_options {
    batch_codes codes{};
    // Replaces every scale's missing-item rule, as scoring_options::missing_override does.
    std::optional<missing_rule> missing_override{};
};

namespace detail {

// A record's answers to one scale add up in one double, its tally: a valid answer adds `answer`
// plus its keyed value in grid units above the scale's lowest point (0 ... span), a blank adds
// 0, an invalid answer adds `invalid`. `answer` is a power of two above any sum of such values,
// and `invalid` one above any count of answers times `answer`, so a tally splits back exactly
// into the number answered (tally / answer, truncated), the sum of values (the rest) and whether
// an answer was invalid (tally >= invalid). Every partial sum is a whole number below 2^53, so
// no addition rounds. The batch kernel then adds one number per scale and item where it would
// add three (a sum, a count and a flag).
struct tally_weights {
    double answer = 0;
    double invalid = 0;

    // For scales of at most `items` items on `grid`; empty when a tally could reach 2^53.
    [[nodiscard]] static std::optional<tally_weights> of(const response_grid& grid, std::size_t items) noexcept {
        const double values = static_cast<double>(items) * (grid.max - grid.min);  // in units
        if (!(values < 0x1p52)) return std::nullopt;
        const auto answer = static_cast<double>(std::bit_ceil(static_cast<std::uint64_t>(values) + 1));
        const double invalid = answer * static_cast<double>(std::bit_ceil(items + 1));
        if (!(invalid * static_cast<double>(items + 1) <= 0x1p53)) return std::nullopt;
        return tally_weights{answer, invalid};
    }
};

// How one item's answers become tally terms: in range [low, high] (the scale's ends), on the
// grid (`factor` units per point), keyed (units, or reversal - units, above the lowest point).
struct item_keying {
    double low, high, factor;
    double sign, offset;  // the term of a valid answer is sign x units + offset
    bool allows_not_applicable;
};

[[nodiscard]] inline item_keying keying_of(const response_scale& scale, const response_grid& grid, bool reversed,
                                           const tally_weights& weights) noexcept {
    // Above the lowest point: units - min, or reversed (min + max - units) - min = max - units.
    return {scale.min,        scale.max,
            grid.factor,      reversed ? -1.0 : 1.0,
            weights.answer + (reversed ? grid.max : -grid.min), scale.allows_not_applicable};
}

inline constexpr std::size_t batch_block = 256;
// How far ahead of the block being scored the input and the results are prefetched, in records:
// columns of the input (prefetch_distance), rows of the input (row_prefetch_distance, a row
// being several numbers long) and the result columns (result_prefetch_distance). Chosen by
// measuring 256 to 2,048 records ahead with bench/bench_score.cpp.
inline constexpr std::size_t prefetch_distance = 512;
inline constexpr std::size_t row_prefetch_distance = 256;
inline constexpr std::size_t result_prefetch_distance = 512;

// Working storage for a call (nothing is allocated per record; batch_scores keeps it, so a
// caller scoring block after block allocates nothing either): one block's items as
// contiguous columns (when the input is not column-major, and for the last, short block, padded
// so every loop runs over whole blocks), its tallies, per record a mask for an invalid answer,
// and a short last block's results before they are copied out.
struct batch_scratch {
    std::vector<double> columns;      // [item][record in block]
    std::vector<double> tallies;      // [tally][record in block]
    std::vector<double> terms;        // one item's tally terms
    std::vector<double> bad;          // a lanes::mask: all bits set where the record has an invalid answer
    std::vector<unsigned char> valid; // 1 where it has none
    bool any_invalid = false;         // some record of the block has one
    std::vector<double> sums, means;  // [scale][record in block], for a short block
    std::vector<std::int32_t> answered;
    std::vector<score_status> statuses;
    // Every loop writes what it reads first, so the storage is only sized, never cleared.
    void resize(std::size_t items, std::size_t tally_count, std::size_t scales) {
        columns.resize(items * batch_block);
        tallies.resize(tally_count * batch_block);
        terms.resize(batch_block);
        bad.resize(batch_block);
        valid.resize(batch_block);
        sums.resize(scales * batch_block);
        means.resize(scales * batch_block);
        answered.resize(scales * batch_block);
        statuses.resize(scales * batch_block);
    }
};

}  // namespace detail

class batch_plan;
class batch_scores;
inline void score_batch(const batch_plan& plan, const response_matrix& x, batch_scores& out, const batch_options& options = {});

// One invalid answer: the record's 0-based index in the block, and check()'s description of it
// (item 1-based, the value given). describe(problem.problem, plan.view(), label) words it.
struct batch_problem {
    std::size_t record = 0;
    response_problem problem{};
};

// The instrument prepared for batch work: for each item the scales it belongs to, whether it is
// reversed, and the response grid. Shares a run-time instrument's state, like a score does.
class batch_plan {
public:
    template <instrument_definition_like Definition>
    explicit batch_plan(const Definition& def) : owner_(detail::owner_of(def)), view_(def.view()) {
        const auto scales = view_.scales;
        grid_ = detail::grid_of(view_.response_format);
        std::vector<unsigned char> reversed(view_.item_count, 0);
        for (const int item : view_.reversed) reversed[static_cast<std::size_t>(item - 1)] = 1;
        // Item -> the tallies it adds to (compressed rows): its scales, or for an item of no
        // scale a tally of its own, which only tells whether the record has an invalid answer.
        std::vector<std::vector<std::uint32_t>> of_item(view_.item_count);
        for (std::size_t s = 0; s < scales.size(); ++s)
            for (const int item : view_.items_of(scales[s]))
                of_item[static_cast<std::size_t>(item - 1)].push_back(static_cast<std::uint32_t>(s));
        tallies_ = scales.size();
        std::size_t most_items = 0;
        for (const scale_entry& scale : scales) most_items = std::max<std::size_t>(most_items, scale.count);
        std::size_t unscaled = 0;
        for (auto& list : of_item)
            if (list.empty()) {
                list.push_back(static_cast<std::uint32_t>(scales.size()));
                ++unscaled;
            }
        if (unscaled > 0) ++tallies_;
        tally_offsets_.push_back(0);
        for (const auto& list : of_item) {
            tallies_of_item_.insert(tallies_of_item_.end(), list.begin(), list.end());
            tally_offsets_.push_back(static_cast<std::uint32_t>(tallies_of_item_.size()));
        }
        weights_ = detail::tally_weights::of(grid_, std::max(most_items, unscaled));
        // Beyond what a tally holds exactly (scale ends and a resolution at the limits the
        // validator allows, on many items): each record through score() itself.
        if (!weights_) {
            exact_.emplace(definition_of(view_));
            return;
        }
        for (std::size_t item = 0; item < view_.item_count; ++item)
            keyings_.push_back(detail::keying_of(view_.response_format, grid_, reversed[item] != 0, *weights_));
    }
    // A temporary compile-time instrument would leave the plan pointing into a dead object.
    template <instrument_definition_like Definition>
        requires(!owning_definition<Definition>)
    explicit batch_plan(const Definition&&) = delete;

    [[nodiscard]] const instrument_view& view() const noexcept { return view_; }
    [[nodiscard]] std::size_t items() const noexcept { return view_.item_count; }
    [[nodiscard]] std::size_t scales() const noexcept { return view_.scales.size(); }

private:
    friend void score_batch(const batch_plan&, const response_matrix&, batch_scores&, const batch_options&);

    [[nodiscard]] std::span<const std::uint32_t> tallies_of(std::size_t item) const noexcept {
        return std::span<const std::uint32_t>(tallies_of_item_)
            .subspan(tally_offsets_[item], tally_offsets_[item + 1] - tally_offsets_[item]);
    }

    std::shared_ptr<const void> owner_;
    instrument_view view_;
    detail::response_grid grid_{};
    std::size_t tallies_ = 0;  // the scales, and one more when some item is in none
    std::vector<std::uint32_t> tallies_of_item_;
    std::vector<std::uint32_t> tally_offsets_;
    std::optional<detail::tally_weights> weights_;
    std::vector<detail::item_keying> keyings_;  // per item, when weights_ is set
    std::optional<runtime_instrument> exact_;   // only when weights_ is empty
};

// The results of one block, by scale: sums(s)[r] is scale s's sum for record r. Where a scale
// has no score (status insufficient, or the record is invalid) its sum and mean are NaN, the
// columnar convention of numpy, pandas and R for "no value"; statuses() tells which. An invalid
// record (valid(r) false) has every scale insufficient with 0 answered, and its problems are in
// problems(), in record order and item order. Reuse one object across blocks: storage only grows.
class batch_scores {
public:
    [[nodiscard]] std::size_t records() const noexcept { return records_; }
    [[nodiscard]] std::size_t scales() const noexcept { return scales_; }
    [[nodiscard]] std::span<const double> sums(std::size_t scale) const noexcept { return column(sum_, scale); }
    [[nodiscard]] std::span<const double> means(std::size_t scale) const noexcept { return column(mean_, scale); }
    [[nodiscard]] std::span<const std::int32_t> answered(std::size_t scale) const noexcept {
        return column(answered_, scale);
    }
    [[nodiscard]] std::span<const score_status> statuses(std::size_t scale) const noexcept {
        return column(status_, scale);
    }
    [[nodiscard]] bool valid(std::size_t record) const noexcept { return valid_[record] != 0; }
    [[nodiscard]] std::span<const batch_problem> problems() const noexcept { return problems_; }

private:
    friend void score_batch(const batch_plan&, const response_matrix&, batch_scores&, const batch_options&);

    template <class T>
    [[nodiscard]] std::span<const T> column(const std::vector<T>& all, std::size_t scale) const noexcept {
        return std::span<const T>(all).subspan(scale * records_, records_);
    }
    void reset(std::size_t records, std::size_t scales) {
        records_ = records;
        scales_ = scales;
        sum_.resize(records * scales);
        mean_.resize(records * scales);
        answered_.resize(records * scales);
        status_.resize(records * scales);
        valid_.resize(records);
        problems_.clear();
    }

    std::size_t records_ = 0;
    std::size_t scales_ = 0;
    std::vector<double> sum_;
    std::vector<double> mean_;
    std::vector<std::int32_t> answered_;
    std::vector<score_status> status_;
    std::vector<unsigned char> valid_;
    std::vector<batch_problem> problems_;
    detail::batch_scratch scratch_;
};

namespace detail {

// What score() sees for one number of the matrix.
[[nodiscard]] inline response batch_response(double x, const batch_codes& codes) noexcept {
    if (codes.missing && x == *codes.missing) return missing;
    if (codes.not_applicable && x == *codes.not_applicable) return not_applicable;
    if (codes.nan_is_missing && std::isnan(x)) return missing;
    return response(x);
}

// The general grid (a step of several units, e.g. a 0.25 resolution): score()'s own test.
inline void tally_item_general(const double* x, const response_grid& grid, const response_scale& scale,
                               bool reversed, const tally_weights& weights, const batch_codes& codes,
                               std::span<const std::uint32_t> tallies, batch_scratch& s) {
    for (std::size_t r = 0; r < batch_block; ++r) {
        const response answer = batch_response(x[r], codes);
        double units = 0;
        const bool given = answer.has_value();
        const bool good = given && scale.contains(answer.value()) && grid.units_of(answer.value(), units);
        const bool invalid = (given && !good) || (answer.is_not_applicable() && !scale.allows_not_applicable);
        const double term = good      ? weights.answer + (reversed ? grid.max - units : units - grid.min)
                            : invalid ? weights.invalid
                                      : 0.0;
        for (const std::uint32_t t : tallies) s.tallies[t * batch_block + r] += term;
    }
}

// Where one scale's results for the block go.
struct scale_columns {
    double* sums;
    double* means;
    std::int32_t* answered;
    score_status* statuses;
    bool ahead = false;  // the same columns result_prefetch_distance records on exist
};

// What scale_score does with a scale's answers.
struct scale_rule {
    double items;             // the scale's number of items
    double fewest;            // the fewest answered that its missing-item rule scores
    double units_per_point;   // the grid's factor
    double lowest;            // the grid's lowest point, in units
};

// One block's work for the kernel: per item its column of batch_block numbers, its keying and
// its tallies; how the grid is tested; per scale its rule.
struct block_job {
    std::span<const double* const> columns;
    std::span<const double* const> ahead;  // the same columns prefetch_distance records on (or null)
    std::span<const item_keying> keyings;
    std::span<const std::span<const std::uint32_t>> tallies;
    bool whole = false;   // a grid of whole points
    bool simple = false;  // a step of one unit (otherwise tally_item_general)
    bool coded = false;   // a missing or not-applicable code to compare with
    const response_grid* grid = nullptr;
    const response_scale* scale = nullptr;
    const tally_weights* weights = nullptr;
    const batch_codes* codes = nullptr;
    std::span<const scale_rule> rules;
};

// Asks for the cache line holding `at`, which will be read soon: a column-major matrix is read
// as one stream per item, more than a CPU's prefetcher follows (scoring a million WAI-SR
// records held in memory took 2.3x as long without it, bench/bench_score.cpp).
inline void prefetch([[maybe_unused]] const void* at) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(at);
#endif
}
// Asks for the cache line holding `at`, which will be written soon. A result column's line is
// read from memory before it is overwritten; asked for ahead, that read overlaps the scoring
// instead of stalling the stores (a million WAI-SR records in memory: 15 ms without, 12 ms
// with, bench/bench_score.cpp).
inline void prefetch_for_write([[maybe_unused]] const void* at) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(at, 1);
#endif
}

// Asks for the row of `record` (a cache line every eight numbers), for rows that are not one
// after the other: called for the rows prefetch_distance on while a block is gathered.
inline void prefetch_row(const response_matrix& x, std::size_t record) noexcept {
    if (record >= x.records()) return;
    const std::size_t items = x.items();
    const auto address = [&](std::size_t item) { return x.column(item) + record * x.record_stride(); };
    for (std::size_t item = 0; item < items; item += 8) prefetch(address(item));
    prefetch(address(items - 1));
}

// The kernel for each instruction set, and the best one this CPU runs.
namespace portable_kernel {
namespace lanes = detail::lanes;
#include "alliance/detail/batch_kernel.hpp"  // IWYU pragma: keep
}  // namespace portable_kernel
#if defined(ALLIANCE_BATCH_AVX2)
ALLIANCE_AVX2_REGION_BEGIN
namespace avx2_kernel {
namespace lanes = detail::lanes_avx2;
#include "alliance/detail/batch_kernel.hpp"  // IWYU pragma: keep
}  // namespace avx2_kernel
ALLIANCE_AVX2_REGION_END
#endif

struct block_kernel {
    void (*gather)(const response_matrix&, std::size_t first, std::size_t n, double* columns);
    void (*score)(const block_job&, std::span<const scale_columns>, batch_scratch&);
};
[[nodiscard]] inline block_kernel best_block_kernel() noexcept {
#if defined(ALLIANCE_BATCH_AVX2)
    static const bool avx2 = __builtin_cpu_supports("avx2") != 0;
    if (avx2) return {&avx2_kernel::gather_rows, &avx2_kernel::score_block};
#endif
    return {&portable_kernel::gather_rows, &portable_kernel::score_block};
}

// The fewest answered items that `rule` scores on a scale of `items` (1 ... items): every rule
// that scores k answers also scores more (missing_rule::allows is monotone in k), so a count
// compared with this number gives allows() without evaluating the rule per record.
[[nodiscard]] inline double fewest_answered(const missing_rule& rule, int items) noexcept {
    int k = 1;
    while (k < items && !rule.allows(k, items)) ++k;
    return static_cast<double>(k);
}

}  // namespace detail

// Scores every record of `x` into `out`. The matrix must have one column per item of the plan's
// instrument (otherwise response_error alliance.response.wrong_count). Invalid answers never
// throw: the record is marked invalid and its problems listed.
inline void score_batch(const batch_plan& plan, const response_matrix& x, batch_scores& out,
                        const batch_options& options) {
    const instrument_view& view = plan.view_;
    if (x.items() != view.item_count)
        detail::throw_response_error({response_errc::wrong_count, 0, static_cast<double>(x.items())}, view,
                                     "batch", 0);
    const std::size_t n_scales = view.scales.size();
    const std::size_t n_records = x.records();
    const std::size_t n_items = view.item_count;
    out.reset(n_records, n_scales);
    const response_scale& scale = view.response_format;
    std::vector<response> record(n_items);  // for invalid records' problem lists
    const auto list_problems = [&](std::size_t r) {
        for (std::size_t item = 0; item < n_items; ++item) {
            record[item] = detail::batch_response(x.at(r, item), options.codes);
            if (auto problem = detail::check_response(scale, record[item], item + 1))
                out.problems_.push_back({r, *problem});
        }
    };
    if (!plan.weights_) {  // each record through score() itself
        scoring_options single;
        single.missing_override = options.missing_override;
        dynamic_score_set scores(plan.exact_->id(), n_scales);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        for (std::size_t r = 0; r < n_records; ++r) {
            for (std::size_t item = 0; item < n_items; ++item)
                record[item] = detail::batch_response(x.at(r, item), options.codes);
            const bool scored = try_score(*plan.exact_, record, single, scores);
            out.valid_[r] = scored ? 1 : 0;
            for (std::size_t sc = 0; sc < n_scales; ++sc) {
                const std::size_t at = sc * n_records + r;
                const bool has_score = scored && scores[sc].has_score();
                out.sum_[at] = has_score ? scores[sc].sum() : nan;
                out.mean_[at] = has_score ? scores[sc].mean() : nan;
                out.answered_[at] = scored ? scores[sc].answered() : 0;
                out.status_[at] = scored ? scores[sc].status() : score_status::insufficient;
            }
            if (!scored) list_problems(r);
        }
        return;
    }

    const detail::tally_weights& weights = *plan.weights_;
    detail::batch_scratch& s = out.scratch_;
    s.resize(n_items, plan.tallies_, n_scales);
    const detail::response_grid& grid = plan.grid_;
    std::vector<std::span<const std::uint32_t>> tallies;
    for (std::size_t item = 0; item < n_items; ++item) tallies.push_back(plan.tallies_of(item));
    // Per scale, what scale_score applies (every rule allows more answers once it allows some;
    // a complete scale is always scored).
    std::vector<detail::scale_rule> rules;
    for (const scale_entry& entry : view.scales)
        rules.push_back({static_cast<double>(entry.count),
                         detail::fewest_answered(options.missing_override.value_or(entry.missing),
                                                 static_cast<int>(entry.count)),
                         grid.factor, grid.min});
    std::vector<const double*> columns(n_items), ahead(n_items);
    const detail::block_job job{columns,
                                ahead,
                                plan.keyings_,
                                tallies,
                                grid.factor == 1 && grid.step == 1,
                                grid.step == 1,
                                options.codes.missing || options.codes.not_applicable,
                                &grid,
                                &scale,
                                &weights,
                                &options.codes,
                                rules};
    // A whole block's results go straight to the result columns, a short one's through the scratch.
    std::vector<detail::scale_columns> direct(n_scales), buffered(n_scales);
    for (std::size_t sc = 0; sc < n_scales; ++sc) {
        const std::size_t at = sc * detail::batch_block;
        buffered[sc] = {s.sums.data() + at, s.means.data() + at, s.answered.data() + at, s.statuses.data() + at};
    }
    const detail::block_kernel kernel = detail::best_block_kernel();
    const bool contiguous = x.record_stride() == 1;
    // Rows one after another: while a block is scored, each item's loop prefetches its share
    // (batch_block numbers) of the rows row_prefetch_distance on, so the reads are spread over
    // the scoring rather than bunched in the gather (a million WAI-SR records in memory: 18 ms
    // bunched, 14 ms spread, bench/bench_score.cpp).
    const bool dense_rows = x.item_stride() == 1 && x.record_stride() == n_items;

    for (std::size_t first = 0; first < n_records; first += detail::batch_block) {
        const std::size_t n = std::min(detail::batch_block, n_records - first);
        // Rows become contiguous columns first; so does a short last block, padded with zeros
        // whose results are never copied out.
        const bool in_place = contiguous && n == detail::batch_block;
        const std::size_t later = first + detail::prefetch_distance;  // the records to prefetch
        if (!in_place) {
            if (n < detail::batch_block) std::fill(s.columns.begin(), s.columns.end(), 0.0);
            kernel.gather(x, first, n, s.columns.data());
        }
        for (std::size_t item = 0; item < n_items; ++item) {
            columns[item] = in_place ? x.column(item) + first : s.columns.data() + item * detail::batch_block;
            if (in_place && later + detail::batch_block <= n_records)
                ahead[item] = x.column(item) + later;
            else if (dense_rows && first + detail::row_prefetch_distance + detail::batch_block <= n_records)
                ahead[item] = x.column(0) + (first + detail::row_prefetch_distance) * n_items +
                              item * detail::batch_block;
            else
                ahead[item] = nullptr;
        }
        const bool results_ahead = first + detail::result_prefetch_distance + detail::batch_block <= n_records;
        for (std::size_t sc = 0; sc < n_scales; ++sc) {
            const std::size_t at = sc * n_records + first;
            direct[sc] = {out.sum_.data() + at, out.mean_.data() + at, out.answered_.data() + at,
                          out.status_.data() + at, results_ahead};
        }
        const bool whole_block = n == detail::batch_block;
        kernel.score(job, whole_block ? direct : buffered, s);
        if (!whole_block)
            for (std::size_t sc = 0; sc < n_scales; ++sc) {
                std::copy_n(buffered[sc].sums, n, direct[sc].sums);
                std::copy_n(buffered[sc].means, n, direct[sc].means);
                std::copy_n(buffered[sc].answered, n, direct[sc].answered);
                std::copy_n(buffered[sc].statuses, n, direct[sc].statuses);
            }
        // Validity, and for the (rare) invalid records score()'s own problem list.
        std::copy_n(s.valid.begin(), n, out.valid_.begin() + static_cast<std::ptrdiff_t>(first));
        if (s.any_invalid)
            for (std::size_t r = 0; r < n; ++r)
                if (s.valid[r] == 0) list_problems(first + r);
    }
}

}  // namespace alliance
