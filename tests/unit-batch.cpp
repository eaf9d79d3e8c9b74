// Batch scoring (alliance/batch.hpp) against single-record scoring: for every built-in
// instrument, 100,000 random records with blanks, "does not apply" codes, answers off the scale,
// off the response grid and not finite, in both matrix layouts. Every record must get exactly
// what try_score() gives it (bit for bit), or, when try_score() refuses it, be invalid with
// exactly check()'s problems. The oracle is the single-record path, which the other unit tests
// hold to hand-worked and published values.
#include <doctest/doctest.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/batch.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace alliance;

namespace {

constexpr double na_code = -77;
constexpr double blank_code = -99;

// One random number for an item of `scale`: mostly valid answers on the grid, then every kind
// of blank and bad answer.
double random_answer(const response_scale& scale, std::mt19937_64& rng) {
    std::uniform_int_distribution<int> kind(0, 99);
    const double per_point = std::round(1.0 / scale.resolution);
    const auto steps = static_cast<std::int64_t>(std::round((scale.max - scale.min) * per_point));
    std::uniform_int_distribution<std::int64_t> step(0, steps);
    const int k = kind(rng);
    if (k < 80) return (scale.min * per_point + static_cast<double>(step(rng))) / per_point;  // on the grid
    if (k < 86) return std::numeric_limits<double>::quiet_NaN();            // blank
    if (k < 88) return blank_code;
    if (k < 91) return na_code;
    if (k < 93) return scale.max + 1;                                       // out of range
    if (k < 95) return scale.min - 0.5;
    if (k < 97) return scale.min + scale.resolution / 2;                    // off the grid
    if (k < 98) return std::numeric_limits<double>::infinity();
    if (k < 99) return -std::numeric_limits<double>::infinity();
    // Numbers at the edges of the kernel's tests: a signed zero, beyond the exact range of its
    // rounding to whole points, a hair outside the scale's ends.
    const std::array<double, 7> edges{1e300,
                                      -1e300,
                                      -0.0,
                                      0x1p52 + 1,
                                      0x1p51 + 0.5,
                                      scale.max + 0x1p-40,
                                      std::nextafter(scale.min, -std::numeric_limits<double>::infinity())};
    std::uniform_int_distribution<std::size_t> edge(0, edges.size() - 1);
    return edges[edge(rng)];
}

bool same_double(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// Scores `records` random records of `def` both ways and compares every cell.
void compare_paths(const runtime_instrument& def, std::size_t records, bool column_major, const batch_options& options,
                   std::uint64_t seed) {
    const std::size_t items = def.item_count();
    std::mt19937_64 rng(seed);
    std::vector<double> data(records * items);
    for (std::size_t r = 0; r < records; ++r)
        for (std::size_t i = 0; i < items; ++i) {
            const double x = random_answer(def.response_format(), rng);
            data[column_major ? i * records + r : r * items + i] = x;
        }
    const auto matrix = column_major ? response_matrix::column_major(data.data(), records, items)
                                     : response_matrix::row_major(data.data(), records, items);
    const batch_plan plan(def);
    batch_scores out;
    score_batch(plan, matrix, out, options);
    REQUIRE(out.records() == records);
    REQUIRE(out.scales() == def.scales().size());

    scoring_options single;
    single.missing_override = options.missing_override;
    dynamic_score_set scores(def.id(), 0);
    std::vector<response> record(items);
    std::size_t next_problem = 0;
    std::size_t invalid = 0;
    std::size_t mismatches = 0;
    for (std::size_t r = 0; r < records && mismatches < 5; ++r) {
        for (std::size_t i = 0; i < items; ++i) {
            const double x = matrix.at(r, i);
            record[i] = options.codes.missing && x == *options.codes.missing ? missing
                        : options.codes.not_applicable && x == *options.codes.not_applicable
                            ? not_applicable
                        : options.codes.nan_is_missing && std::isnan(x) ? missing
                                                                         : response(x);
        }
        const bool scored = try_score(def, record, single, scores);
        const auto where = std::string(def.id()) + " record " + std::to_string(r);
        if (scored != out.valid(r)) {
            ++mismatches;
            FAIL_CHECK(where << ": try_score " << scored << ", batch valid " << out.valid(r));
            continue;
        }
        if (!scored) {
            ++invalid;
            const auto problems = check(def, record);
            for (const response_problem& p : problems) {
                if (next_problem >= out.problems().size()) {
                    FAIL_CHECK(where << ": the batch lists fewer problems");
                    return;
                }
                const batch_problem& got = out.problems()[next_problem++];
                const bool same = got.record == r && got.problem.code == p.code && got.problem.item == p.item &&
                                  same_double(got.problem.value, p.value);
                if (!same) {
                    ++mismatches;
                    FAIL_CHECK(where << ": problem at item " << p.item << " differs");
                }
            }
            for (std::size_t s = 0; s < out.scales(); ++s)
                if (out.statuses(s)[r] != score_status::insufficient || !std::isnan(out.sums(s)[r])) {
                    ++mismatches;
                    FAIL_CHECK(where << ": an invalid record has a score");
                }
            continue;
        }
        for (std::size_t s = 0; s < out.scales(); ++s) {
            const scale_score& want = scores[s];
            const bool same = out.statuses(s)[r] == want.status() && out.answered(s)[r] == want.answered() &&
                              (want.has_score() ? same_double(out.sums(s)[r], want.sum()) &&
                                                      same_double(out.means(s)[r], want.mean())
                                                : std::isnan(out.sums(s)[r]) && std::isnan(out.means(s)[r]));
            if (!same) {
                ++mismatches;
                FAIL_CHECK(where << ", scale " << want.name() << ": batch " << out.sums(s)[r] << " / "
                                 << out.means(s)[r] << " (" << to_string(out.statuses(s)[r]) << ", "
                                 << out.answered(s)[r] << ")");
            }
        }
    }
    CHECK(next_problem == out.problems().size());
    // The random mix must exercise both kinds of record.
    CHECK(invalid > 0);
    CHECK(invalid < records);
}

}  // namespace

TEST_CASE("batch scoring agrees with try_score and check on 100,000 random records of every instrument") {
    batch_options options;
    options.codes.missing = blank_code;
    options.codes.not_applicable = na_code;
    std::uint64_t seed = 1;
    for (const catalogue_entry& entry : catalogue()) {
        const runtime_instrument def(definition_of(entry.definition));
        CAPTURE(def.id());
        compare_paths(def, 100000, (seed % 2) == 0, options, seed);
        ++seed;
    }
}

TEST_CASE("batch scoring agrees with try_score on every instrument without codes, NaN the only blank") {
    std::uint64_t seed = 101;
    for (const catalogue_entry& entry : catalogue()) {
        const runtime_instrument def(definition_of(entry.definition));
        CAPTURE(def.id());
        compare_paths(def, 20000, (seed % 2) == 0, batch_options{}, seed);
        ++seed;
    }
}

TEST_CASE("batch scoring: an item in no scale, an item in four, and tallies too wide to be exact") {
    const instrument_definition wai = definition_of(instruments::wai_sr.view());
    batch_options options;
    options.codes.missing = blank_code;

    // Item 12 in no scale: its answers count for nothing, but an invalid one still makes the
    // record invalid, as in score().
    instrument_definition unscaled = wai;
    for (scale_definition& scale : unscaled.scales) std::erase(scale.items, 12);
    compare_paths(runtime_instrument(unscaled), 20000, false, options, 21);

    // Item 1 in two more scales (four tallies: the kernel's general case).
    instrument_definition shared = wai;
    for (const std::vector<int>& items : {std::vector<int>{1, 2}, std::vector<int>{1, 3, 5}}) {
        scale_definition extra = shared.scales.front();
        extra.name = "extra " + std::to_string(items.size());
        extra.items = items;
        shared.scales.insert(shared.scales.begin(), extra);
    }
    compare_paths(runtime_instrument(shared), 20000, true, options, 22);

    // A visual-analogue scale 0 .. 10^9 read to 10^-6: 10^15 units a point, beyond what one
    // tally holds exactly on four items, so every record goes through score() itself.
    instrument_definition wide = definition_of(instruments::srs.view());
    wide.response_format.max = 1e9;
    wide.response_format.resolution = 1e-6;
    compare_paths(runtime_instrument(wide), 20000, false, options, 23);
}

TEST_CASE("batch scoring: both layouts, NaN as an invalid answer, a caller's missing-item rule") {
    const runtime_instrument wai(definition_of(instruments::wai_sr.view()));
    batch_options strict;
    strict.codes.nan_is_missing = false;  // NaN is then an invalid answer, as in score()
    compare_paths(wai, 20000, false, strict, 11);
    compare_paths(wai, 20000, true, strict, 12);
    batch_options prorate;
    prorate.missing_override = missing_rule::prorate_min_answered(2);
    prorate.codes.not_applicable = na_code;
    compare_paths(wai, 20000, true, prorate, 13);
    // A visual-analogue scale with a coarser grid (a 0.25 step: units of 1/100, step 25) takes
    // the general path.
    instrument_definition quarters = definition_of(instruments::srs.view());
    quarters.response_format.resolution = 0.25;
    compare_paths(runtime_instrument(quarters), 20000, false, prorate, 14);
}

TEST_CASE("batch scoring: hand-worked records, strides and the wrong number of columns") {
    // WAI-SR items 1..12 (task 1,2,10,12; goal 4,6,8,11; bond 3,5,7,9), the second record with
    // item 10 blank, the third with a 6 in item 3 (outside 1..5), in a row-major block whose rows
    // carry two extra columns (a client id and a session, skipped by the stride).
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> rows{
        5, 4, 3, 2, 1, 5, 4, 3, 2, 1,   5, 4, 101, 1,  // task 5+4+1+4 = 14, bond 3+1+4+2 = 10
        5, 4, 3, 2, 1, 5, 4, 3, 2, nan, 5, 4, 102, 1,  // task insufficient (no rule), bond 10
        5, 4, 6, 2, 1, 5, 4, 3, 2, 1,   5, 4, 103, 1,  // invalid: item 3
    };
    const batch_plan plan(instruments::wai_sr);
    batch_scores out;
    score_batch(plan, response_matrix::row_major(rows.data(), 3, 12, 14), out);
    CHECK(out.sums(0)[0] == 14);
    CHECK(out.sums(2)[0] == 10);
    CHECK(out.means(2)[0] == 2.5);
    CHECK(out.sums(3)[0] == 39);  // total: 14 + 15 (goal 2+5+3+5) + 10
    CHECK(out.statuses(0)[1] == score_status::insufficient);
    CHECK(out.answered(0)[1] == 3);
    CHECK(std::isnan(out.sums(0)[1]));
    CHECK(out.sums(2)[1] == 10);
    CHECK_FALSE(out.valid(2));
    REQUIRE(out.problems().size() == 1);
    CHECK(out.problems()[0].record == 2);
    CHECK(out.problems()[0].problem.item == 3);
    CHECK(out.problems()[0].problem.code == response_errc::out_of_range);
    CHECK(describe(out.problems()[0].problem, plan.view(), "row 3") ==
          "wai-sr, record 'row 3', item 3: response 6 is outside the response scale 1..5");

    // Exact decimals, as score(): SRS marks 8.6 + 9.7 + 9.9 + 7.8 = 36, not 35.99999999999999.
    const std::vector<double> srs_columns{8.6, 8.6, 9.7, 9.7, 9.9, 9.9, 7.8, 7.7};  // column-major, 2 records
    const batch_plan srs_plan(instruments::srs);
    score_batch(srs_plan, response_matrix::column_major(srs_columns.data(), 2, 4), out);
    CHECK(out.sums(0)[0] == 36.0);
    CHECK(out.sums(0)[1] == 35.9);

    CHECK_THROWS_WITH_AS(score_batch(plan, response_matrix::row_major(rows.data(), 3, 13), out),
                         "[alliance.response.wrong_count] wai-sr, record 'batch': 13 responses given, the "
                         "instrument has 12 items",
                         response_error);
    // An empty block is fine.
    score_batch(plan, response_matrix::row_major(rows.data(), 0, 12), out);
    CHECK(out.records() == 0);
}
