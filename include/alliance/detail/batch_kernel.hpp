// The batch scorer's kernel (alliance/batch.hpp) for one block of records, written once over
// the lane operations of alliance/detail/lanes.hpp. batch.hpp includes this file once per
// instruction set, inside a namespace where `lanes` names that set's operations (and for AVX2
// inside a target region), so it has no include guard and includes nothing itself.

// The nearest whole number (ties to even) of |x| < 2^51, by the 1.5 x 2^52 shift, as the scalar
// detail::round_to_whole does.
[[nodiscard]] inline lanes::doubles round_to_whole(lanes::doubles x) noexcept {
    using namespace lanes;
    const doubles shift = splat(6755399441055744.0);
    return (x + shift) - shift;
}

// One item over the records of a block, lanes::width records at a time without branches on the
// data: each answer's tally term is added to every tally the item is in. `Whole` is a grid of whole
// points (every Likert scale), whose test for a point of the grid needs no division; `Coded`,
// that the caller gave a missing or not-applicable code, to compare every answer with.
template <bool Whole, bool Coded, std::size_t Tallies>
inline void tally_item(const double* x, const double* ahead, const item_keying& k,
                       const tally_weights& weights, const batch_codes& codes,
                       const std::array<double*, Tallies>& tallies) noexcept {
    using namespace lanes;
    // An absent code compares unequal to everything (NaN), so one comparison serves both cases.
    constexpr double never = std::numeric_limits<double>::quiet_NaN();
    const doubles missing_code = splat(codes.missing.value_or(never));
    const doubles na_code = splat(codes.not_applicable.value_or(never));
    const mask nan_blank = all(codes.nan_is_missing);
    const mask na_bad = all(!k.allows_not_applicable);
    const doubles sign = splat(k.sign), offset = splat(k.offset), factor = splat(k.factor);
    const doubles low = splat(k.low), high = splat(k.high), invalid_term = splat(weights.invalid);
    const doubles nan_term = splat(codes.nan_is_missing ? 0.0 : weights.invalid);  // NaN's term
    for (std::size_t r = 0; r < batch_block; r += width) {
        if (ahead != nullptr && r % 8 == 0) prefetch(ahead + r);  // a cache line
        const doubles v = load(x + r);
        doubles term;
        if constexpr (Whole && !Coded) {
            // A valid answer is the one number equal to its nearest whole point clamped to the
            // scale's range (a fraction, anything outside the range and NaN are not): a clamp
            // and one comparison where the general test below takes three comparisons and two
            // ands, and two selects where it combines five masks.
            const doubles units = round_to_whole(v);
            const mask good = clamp(units, low, high) == v;
            term = select(good, sign * units + offset, select(is_nan(v), nan_term, invalid_term));
        } else {
            mask blank = is_nan(v) & nan_blank;
            mask coded_bad = all(false);
            if constexpr (Coded) {
                const mask coded_missing = v == missing_code;
                const mask coded_na = but_not(v == na_code, coded_missing);
                blank = blank | coded_missing | coded_na;
                coded_bad = coded_na & na_bad;
            }
            const doubles units = Whole ? round_to_whole(v) : round_to_whole(v * factor);
            const mask on_grid = Whole ? units == v : units / factor == v;
            mask good = (v >= low) & (v <= high) & on_grid;    // false for NaN
            if constexpr (Coded) good = but_not(good, blank);  // a code equal to an answer reads as the code
            // Valid: its term; blank: 0 (or invalid, for a "does not apply" the scale does not
            // offer); anything else: invalid.
            term = either(keep(good, sign * units + offset), keep(~(good | blank) | coded_bad, invalid_term));
        }
        for (double* tally : tallies) store(tally + r, load(tally + r) + term);
    }
}

// tally_item with the item's tallies known to the compiler: an item is in one to three of them
// (its subscale, the total, a second-order scale); more go through a term array.
template <bool Whole, bool Coded>
inline void tally_item(const double* x, const double* ahead, const item_keying& k,
                       const tally_weights& weights, const batch_codes& codes,
                       std::span<const std::uint32_t> tallies, batch_scratch& s) noexcept {
    const auto row = [&](std::size_t i) { return s.tallies.data() + tallies[i] * batch_block; };
    switch (tallies.size()) {
        case 1:
            return tally_item<Whole, Coded, 1>(x, ahead, k, weights, codes, {row(0)});
        case 2:
            return tally_item<Whole, Coded, 2>(x, ahead, k, weights, codes, {row(0), row(1)});
        case 3:
            return tally_item<Whole, Coded, 3>(x, ahead, k, weights, codes, {row(0), row(1), row(2)});
        default:
            std::fill(s.terms.begin(), s.terms.end(), 0.0);
            tally_item<Whole, Coded, 1>(x, ahead, k, weights, codes, {s.terms.data()});
            for (std::size_t i = 0; i < tallies.size(); ++i)
                for (std::size_t r = 0; r < batch_block; ++r) row(i)[r] += s.terms[r];
    }
}

// Every record of the block with an invalid answer: one whose tally of some scale (or of the
// items in none) reached weights.invalid. Also each record's validity as a byte, and whether
// any record of the block (padding included) is invalid.
inline void mark_invalid(batch_scratch& s, std::size_t tallies, const tally_weights& weights) noexcept {
    using namespace lanes;
    const doubles invalid = splat(weights.invalid), one = splat(1.0), zero = splat(0.0);
    mask some = all(false);
    for (std::size_t r = 0; r < batch_block; r += width) {
        mask bad = all(false);
        for (std::size_t t = 0; t < tallies; ++t)
            bad = bad | (load(s.tallies.data() + t * batch_block + r) >= invalid);
        store(s.bad.data() + r, bad);
        store_bytes(s.valid.data() + r, select(bad, zero, one));
        some = some | bad;
    }
    s.any_invalid = any(some);
}

// One scale's sums, means, counts and statuses for the block, computed as scale_score computes
// them: the sum of a complete scale is its units over the units per point, a prorated sum
// (units x items) over (units per point x answered), the mean units over (units per point x
// answered), each one correctly rounded division of exact whole numbers. An invalid record
// counts 0 answered; a scale its rule does not score has NaN for both.
inline void finish_scale(const batch_scratch& s, std::size_t tally, const scale_rule& rule,
                         const tally_weights& weights, const scale_columns& out) noexcept {
    using namespace lanes;
    const doubles items = splat(rule.items), least = splat(rule.fewest), upp = splat(rule.units_per_point);
    const doubles lowest = splat(rule.lowest), answer = splat(weights.answer),
                  per_answer = splat(1 / weights.answer);
    const doubles nan = splat(std::numeric_limits<double>::quiet_NaN());
    const doubles prorated = splat(1.0), insufficient = splat(2.0), complete_code = splat(0.0);
    const double* tallies = s.tallies.data() + tally * batch_block;
    for (std::size_t r = 0; r < batch_block; r += width) {
        if (out.ahead) {  // a cache line of each column, as often as its records fill one
            constexpr std::size_t d = result_prefetch_distance;
            if (r % 8 == 0) {
                prefetch_for_write(out.sums + r + d);
                prefetch_for_write(out.means + r + d);
            }
            if (r % 16 == 0) prefetch_for_write(out.answered + r + d);
            if (r % 64 == 0) prefetch_for_write(out.statuses + r + d);
        }
        const doubles sum_of_terms = load(tallies + r);
        // The count answered, and the keyed units: the values above the lowest point plus
        // count x the lowest point. Exact: whole numbers, and a power of two's reciprocal.
        const doubles answered = truncate(sum_of_terms * per_answer);
        const doubles units = (sum_of_terms - answered * answer) + answered * lowest;
        const doubles count = keep_unless(load_mask(s.bad.data() + r), answered);
        const mask complete = count == items;
        const mask scored = count >= least;
        const doubles sum = select(complete, units, units * items) / select(complete, upp, upp * count);
        const doubles mean = units / (upp * count);
        store(out.sums + r, select(scored, sum, nan));
        store(out.means + r, select(scored, mean, nan));
        store_whole(out.answered + r, count);
        const doubles status = select(complete, complete_code, select(scored, prorated, insufficient));
        store_bytes(reinterpret_cast<unsigned char*>(out.statuses + r), status);
    }
}

// One block: every item's answers into the tallies, the invalid records marked, then every
// scale's results into `out` (one scale_columns per scale, batch_block records each).
inline void score_block(const block_job& job, std::span<const scale_columns> out, batch_scratch& s) {
    std::fill(s.tallies.begin(), s.tallies.end(), 0.0);
    const batch_codes& codes = *job.codes;
    for (std::size_t item = 0; item < job.columns.size(); ++item) {
        const double* x = job.columns[item];
        const double* ahead = job.ahead[item];
        const item_keying& k = job.keyings[item];
        const auto tallies = job.tallies[item];
        const tally_weights& w = *job.weights;
        if (!job.simple)
            tally_item_general(x, *job.grid, *job.scale, k.sign < 0, w, codes, tallies, s);
        else if (job.whole && !job.coded)
            tally_item<true, false>(x, ahead, k, w, codes, tallies, s);
        else if (job.whole)
            tally_item<true, true>(x, ahead, k, w, codes, tallies, s);
        else if (!job.coded)
            tally_item<false, false>(x, ahead, k, w, codes, tallies, s);
        else
            tally_item<false, true>(x, ahead, k, w, codes, tallies, s);
    }
    mark_invalid(s, s.tallies.size() / batch_block, *job.weights);
    for (std::size_t sc = 0; sc < out.size(); ++sc) finish_scale(s, sc, job.rules[sc], *job.weights, out[sc]);
}

// Records first ... first + n - 1 of `x` as columns of batch_block numbers (a transpose that
// stays in cache): lanes::width rows by lanes::width items at a time where a row's numbers are
// consecutive, the rest one by one. Rows with gaps between them (a stride above the item
// count) are prefetched here, prefetch_distance on; rows without, by the scoring loops.
inline void gather_rows(const response_matrix& x, std::size_t first, std::size_t n,
                        double* columns) noexcept {
    using lanes::width;
    const std::size_t items = x.items(), stride = x.record_stride();
    const bool dense = stride == items;  // then score_batch has the rows prefetched while scoring
    std::size_t r = 0;
    if (x.item_stride() == 1)
        for (; r + width <= n; r += width) {
            const double* rows = x.column(0) + (first + r) * stride;
            // Their rows, a line every 8 numbers; a record after them exists, so every address
            // is inside the matrix.
            if (!dense && first + r + width + prefetch_distance < x.records())
                for (std::size_t i = 0; i < width * stride; i += 8)
                    prefetch(rows + prefetch_distance * stride + i);
            std::size_t item = 0;
            for (; item + width <= items; item += width)
                lanes::transpose(rows + item, stride, columns + item * batch_block + r, batch_block);
            for (; item < items; ++item)
                for (std::size_t k = 0; k < width; ++k)
                    columns[item * batch_block + r + k] = rows[k * stride + item];
        }
    for (; r < n; ++r) {
        prefetch_row(x, first + r + prefetch_distance);
        for (std::size_t item = 0; item < items; ++item)
            columns[item * batch_block + r] = x.at(first + r, item);
    }
}
