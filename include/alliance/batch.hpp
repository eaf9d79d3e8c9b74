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
        reversal_ = grid_.reversed_units(0.0);  // min + max in units: a reversed item is reversal_ - x
        reversed_.assign(view_.item_count, 0);
        for (const int item : view_.reversed) reversed_[static_cast<std::size_t>(item - 1)] = 1;
        // Item -> scales, as offsets into one array (compressed rows).
        std::vector<std::vector<std::uint32_t>> of_item(view_.item_count);
        for (std::size_t s = 0; s < scales.size(); ++s)
            for (const int item : view_.items_of(scales[s]))
                of_item[static_cast<std::size_t>(item - 1)].push_back(static_cast<std::uint32_t>(s));
        scale_offsets_.push_back(0);
        for (const auto& list : of_item) {
            scales_of_item_.insert(scales_of_item_.end(), list.begin(), list.end());
            scale_offsets_.push_back(static_cast<std::uint32_t>(scales_of_item_.size()));
        }
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

    [[nodiscard]] std::span<const std::uint32_t> scales_of(std::size_t item) const noexcept {
        return std::span<const std::uint32_t>(scales_of_item_)
            .subspan(scale_offsets_[item], scale_offsets_[item + 1] - scale_offsets_[item]);
    }

    std::shared_ptr<const void> owner_;
    instrument_view view_;
    detail::response_grid grid_{};
    double reversal_ = 0;  // min + max in grid units
    std::vector<unsigned char> reversed_;
    std::vector<std::uint32_t> scales_of_item_;
    std::vector<std::uint32_t> scale_offsets_;
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
};

namespace detail {

// What score() sees for one number of the matrix.
[[nodiscard]] inline response batch_response(double x, const batch_codes& codes) noexcept {
    if (codes.missing && x == *codes.missing) return missing;
    if (codes.not_applicable && x == *codes.not_applicable) return not_applicable;
    if (codes.nan_is_missing && std::isnan(x)) return missing;
    return response(x);
}

inline constexpr std::size_t batch_block = 256;

// Working storage for one call (nothing is allocated per record): one block's items as
// contiguous columns (when the input is not column-major, and for the last, short block, padded
// so every loop runs over whole blocks), its per-scale unit sums and answer counts, per record a
// mask for an invalid answer, and the block's results before they are copied out.
struct batch_scratch {
    std::vector<double> columns;       // [item][record in block]
    std::vector<double> units;         // [scale][record in block]
    std::vector<double> counts;        // [scale][record in block]
    std::vector<double> bad;           // a lanes::mask: all bits set where the record has an invalid answer
    std::vector<double> sums, means;   // one scale's results
    std::vector<double> state;         // one scale's count, then its status (0, 1, 2)
    batch_scratch(std::size_t items, std::size_t scales)
        : columns(items * batch_block), units(scales * batch_block), counts(scales * batch_block),
          bad(batch_block), sums(batch_block), means(batch_block),
          state(2 * batch_block) {}
};

// One item over the records of a block, two records at a time without branches on the data: its
// keyed value in grid units and whether it was answered are added to each scale it belongs to,
// and an invalid answer marks the record. `Whole`
// is a grid of whole points (every Likert scale), where the test for a point of the grid needs
// no division.
template <bool Whole>
inline void key_item(const double* x, const response_grid& grid, double lo, double hi, bool allows_not_applicable,
                     bool reversed, double reversal, const batch_codes& codes, std::span<const std::uint32_t> scales,
                     batch_scratch& s) noexcept {
    using namespace lanes;
    // An absent code compares unequal to everything (NaN), so one comparison serves both cases.
    constexpr double never = std::numeric_limits<double>::quiet_NaN();
    const doubles missing_code = splat(codes.missing.value_or(never));
    const doubles na_code = splat(codes.not_applicable.value_or(never));
    const mask nan_blank = all(codes.nan_is_missing);
    const mask na_bad = all(!allows_not_applicable);
    const doubles sign = splat(reversed ? -1.0 : 1.0);
    const doubles offset = splat(reversed ? reversal : 0.0);
    const doubles factor = splat(grid.factor);
    const doubles low = splat(lo), high = splat(hi), one = splat(1.0);
    for (std::size_t r = 0; r < batch_block; r += width) {
        const doubles v = load(x + r);
        const mask coded_missing = v == missing_code;
        const mask coded_na = but_not(v == na_code, coded_missing);
        const mask unanswered = (is_nan(v) & nan_blank) | coded_missing | coded_na;
        const doubles units = Whole ? round_to_whole(v) : round_to_whole(v * factor);
        const mask on_grid = Whole ? units == v : units / factor == v;
        const mask good = (v >= low) & (v <= high) & on_grid;  // false for NaN
        const mask usable = but_not(good, unanswered);
        const mask invalid = ~(unanswered | good) | (coded_na & na_bad);
        store(s.bad.data() + r, load_mask(s.bad.data() + r) | invalid);
        const doubles value = keep(usable, offset + sign * units), answered = keep_unless(unanswered, one);
        for (const std::uint32_t scale : scales) {
            double* unit_sum = s.units.data() + scale * batch_block + r;
            double* count = s.counts.data() + scale * batch_block + r;
            store(unit_sum, load(unit_sum) + value);
            store(count, load(count) + answered);
        }
    }
}

// The general grid (a step of several units, e.g. a 0.25 resolution): score()'s own test.
inline void key_item_general(const double* x, const response_grid& grid, const response_scale& scale, bool reversed,
                             const batch_codes& codes, std::span<const std::uint32_t> scales, batch_scratch& s) {
    for (std::size_t r = 0; r < batch_block; ++r) {
        const response answer = batch_response(x[r], codes);
        double units = 0;
        const bool given = answer.has_value();
        const bool good = given && scale.contains(answer.value()) && grid.units_of(answer.value(), units);
        if ((given && !good) || (answer.is_not_applicable() && !scale.allows_not_applicable)) s.bad[r] = lanes::set_mark;
        const double value = given && good ? (reversed ? grid.reversed_units(units) : units) : 0.0;
        for (const std::uint32_t sc : scales) {
            s.units[sc * batch_block + r] += value;
            s.counts[sc * batch_block + r] += given ? 1.0 : 0.0;
        }
    }
}

// One scale's sums, means, counts and statuses for the block, computed as scale_score computes
// them: the sum of a complete scale is its units over the units per point, a prorated sum
// (units x items) over (units per point x answered), the mean units over (units per point x
// answered), each one correctly rounded division of exact whole numbers. An invalid record
// counts 0 answered; a scale its rule does not score has NaN for both.
inline void finish_scale(batch_scratch& s, std::size_t scale, double item_count, double fewest, double units_per_point) noexcept {
    using namespace lanes;
    const doubles items = splat(item_count), least = splat(fewest), upp = splat(units_per_point);
    const doubles nan = splat(std::numeric_limits<double>::quiet_NaN());
    const doubles prorated = splat(1.0), insufficient = splat(2.0), complete_code = splat(0.0);
    const double* units_of_scale = s.units.data() + scale * batch_block;
    const double* counts_of_scale = s.counts.data() + scale * batch_block;
    for (std::size_t r = 0; r < batch_block; r += width) {
        const doubles units = load(units_of_scale + r);
        const doubles count = keep_unless(load_mask(s.bad.data() + r), load(counts_of_scale + r));
        const mask complete = count == items;
        const mask scored = count >= least;
        const doubles sum = select(complete, units, units * items) / select(complete, upp, upp * count);
        const doubles mean = units / (upp * count);
        store(s.sums.data() + r, select(scored, sum, nan));
        store(s.means.data() + r, select(scored, mean, nan));
        store(s.state.data() + r, count);
        store(s.state.data() + batch_block + r, select(complete, complete_code, select(scored, prorated, insufficient)));
    }
}

// The block's first n records of the scale just finished, into the result columns.
inline void copy_out(const batch_scratch& s, std::size_t n, double* sums, double* means, std::int32_t* answered,
                     score_status* statuses) noexcept {
    std::copy_n(s.sums.data(), n, sums);
    std::copy_n(s.means.data(), n, means);
    for (std::size_t r = 0; r < n; ++r) {
        answered[r] = static_cast<std::int32_t>(s.state[r]);
        statuses[r] = static_cast<score_status>(static_cast<std::uint8_t>(s.state[batch_block + r]));
    }
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
    detail::batch_scratch s(n_items, n_scales);
    const detail::response_grid& grid = plan.grid_;
    const response_scale& scale = view.response_format;
    const bool whole = grid.factor == 1 && grid.step == 1;
    const bool simple = grid.step == 1;
    const bool contiguous = x.record_stride() == 1;
    // Per scale, the fewest answered items its rule scores (every rule allows more once it
    // allows some; a complete scale is always scored).
    std::vector<double> fewest;
    for (const scale_entry& entry : view.scales)
        fewest.push_back(detail::fewest_answered(options.missing_override.value_or(entry.missing),
                                                 static_cast<int>(entry.count)));
    std::vector<response> record(n_items);  // only for invalid records' problem lists

    for (std::size_t first = 0; first < n_records; first += detail::batch_block) {
        const std::size_t n = std::min(detail::batch_block, n_records - first);
        std::fill(s.units.begin(), s.units.end(), 0.0);
        std::fill(s.counts.begin(), s.counts.end(), 0.0);
        std::fill(s.bad.begin(), s.bad.end(), 0);
        // Rows become contiguous columns first (a 256 x items transpose that stays in cache); so
        // does a short last block, padded with zeros whose results are never copied out.
        const bool in_place = contiguous && n == detail::batch_block;
        if (!in_place) {
            std::fill(s.columns.begin(), s.columns.end(), 0.0);
            for (std::size_t r = 0; r < n; ++r)
                for (std::size_t item = 0; item < n_items; ++item)
                    s.columns[item * detail::batch_block + r] = x.at(first + r, item);
        }

        for (std::size_t item = 0; item < n_items; ++item) {
            const double* column = in_place ? x.column(item) + first : s.columns.data() + item * detail::batch_block;
            const bool reversed = plan.reversed_[item] != 0;
            if (whole)
                detail::key_item<true>(column, grid, scale.min, scale.max, scale.allows_not_applicable, reversed,
                                       plan.reversal_, options.codes, plan.scales_of(item), s);
            else if (simple)
                detail::key_item<false>(column, grid, scale.min, scale.max, scale.allows_not_applicable, reversed,
                                        plan.reversal_, options.codes, plan.scales_of(item), s);
            else
                detail::key_item_general(column, grid, scale, reversed, options.codes, plan.scales_of(item), s);
        }
        for (std::size_t sc = 0; sc < n_scales; ++sc) {
            detail::finish_scale(s, sc, static_cast<double>(view.scales[sc].count), fewest[sc], grid.factor);
            detail::copy_out(s, n, out.sum_.data() + sc * n_records + first, out.mean_.data() + sc * n_records + first,
                             out.answered_.data() + sc * n_records + first, out.status_.data() + sc * n_records + first);
        }

        // Validity, and for the (rare) invalid records score()'s own problem list.
        for (std::size_t r = 0; r < n; ++r) {
            const bool invalid = detail::lanes::is_set(s.bad[r]);
            out.valid_[first + r] = invalid ? 0 : 1;
            if (!invalid) continue;
            for (std::size_t item = 0; item < n_items; ++item) {
                record[item] = detail::batch_response(x.at(first + r, item), options.codes);
                if (auto problem = detail::check_response(scale, record[item], item + 1))
                    out.problems_.push_back({first + r, *problem});
            }
        }
    }
}

}  // namespace alliance
