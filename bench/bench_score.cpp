// Scoring throughput for WAI-SR records held in memory, next to a baseline that only reads
// and sums the same responses. Issue target: scoring within 2x of the baseline.
//   build/release/bench/bench_score --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/batch.hpp>

#include <cmath>
#include <limits>

#include <cstddef>
#include <random>
#include <span>
#include <vector>

namespace {

using alliance::response;
constexpr std::size_t items = 12;

// Realistic records: integers 1..5, about 1 in 50 answers missing.
std::vector<response> make_records(std::size_t count) {
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> answer(1, 5);
    std::uniform_int_distribution<int> blank(0, 49);
    std::vector<response> records(count * items);
    for (auto& r : records) r = blank(rng) == 0 ? alliance::missing : response(answer(rng));
    return records;
}

void set_rates(benchmark::State& state, std::size_t count) {
    const auto processed = static_cast<double>(state.iterations()) * static_cast<double>(count);
    state.counters["records/s"] = benchmark::Counter(processed, benchmark::Counter::kIsRate);
    state.counters["responses/s"] =
        benchmark::Counter(processed * static_cast<double>(items), benchmark::Counter::kIsRate);
}

// Reads every response once and adds up the answered values: the floor for any scorer.
void baseline_read_and_sum(benchmark::State& state) {
    const auto count = static_cast<std::size_t>(state.range(0));
    const auto records = make_records(count);
    for (auto _ : state) {
        double total = 0;
        for (const response& r : records)
            if (r.has_value()) total += r.value();
        benchmark::DoNotOptimize(total);
    }
    set_rates(state, count);
}

void score_wai_sr(benchmark::State& state) {
    const auto count = static_cast<std::size_t>(state.range(0));
    const auto records = make_records(count);
    const std::span<const response> all(records);
    for (auto _ : state) {
        double total = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const auto scores = alliance::score(alliance::instruments::wai_sr, all.subspan(i * items, items));
            total += scores[0].has_score() ? scores[0].sum() : 0.0;
        }
        benchmark::DoNotOptimize(total);
    }
    set_rates(state, count);
}

void score_wai_sr_runtime(benchmark::State& state) {
    const auto count = static_cast<std::size_t>(state.range(0));
    const auto records = make_records(count);
    const std::span<const response> all(records);
    const auto wai = alliance::to_runtime(alliance::instruments::wai_sr);
    for (auto _ : state) {
        double total = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const auto scores = alliance::score(wai, all.subspan(i * items, items));
            total += scores[0].has_score() ? scores[0].sum() : 0.0;
        }
        benchmark::DoNotOptimize(total);
    }
    set_rates(state, count);
}

// The same records as a matrix of doubles, NaN for a blank: what a data frame or numpy array
// hands the batch API.
std::vector<double> make_matrix(std::size_t count, bool column_major) {
    const auto records = make_records(count);
    std::vector<double> matrix(count * items);
    for (std::size_t r = 0; r < count; ++r)
        for (std::size_t i = 0; i < items; ++i) {
            const response& answer = records[r * items + i];
            matrix[column_major ? i * count + r : r * items + i] =
                answer.has_value() ? answer.value() : std::numeric_limits<double>::quiet_NaN();
        }
    return matrix;
}

// The batch target's floor: read every number of the matrix once and add up the answered ones.
void baseline_read_and_sum_matrix(benchmark::State& state) {
    const auto count = static_cast<std::size_t>(state.range(0));
    const auto matrix = make_matrix(count, false);
    for (auto _ : state) {
        double total = 0;
        for (const double x : matrix) total += std::isnan(x) ? 0.0 : x;
        benchmark::DoNotOptimize(total);
    }
    set_rates(state, count);
}

void score_batch_wai_sr(benchmark::State& state, bool column_major) {
    const auto count = static_cast<std::size_t>(state.range(0));
    const auto matrix = make_matrix(count, column_major);
    const auto view = column_major ? alliance::response_matrix::column_major(matrix.data(), count, items)
                                   : alliance::response_matrix::row_major(matrix.data(), count, items);
    const alliance::batch_plan plan(alliance::instruments::wai_sr);
    alliance::batch_scores out;
    for (auto _ : state) {
        alliance::score_batch(plan, view, out);
        benchmark::DoNotOptimize(out.sums(0).data());
    }
    set_rates(state, count);
}
void score_batch_wai_sr_rows(benchmark::State& state) { score_batch_wai_sr(state, false); }
void score_batch_wai_sr_columns(benchmark::State& state) { score_batch_wai_sr(state, true); }

}  // namespace

// 4,096 records (about 200 KB) stay in cache; 1,048,576 records (about 200 MB) do not.
BENCHMARK(baseline_read_and_sum)->Arg(4096)->Arg(1 << 20);
BENCHMARK(score_wai_sr)->Arg(4096)->Arg(1 << 20);
BENCHMARK(score_wai_sr_runtime)->Arg(4096)->Arg(1 << 20);
// The batch API's target (README, Performance): within 2x of reading and summing the same matrix.
BENCHMARK(baseline_read_and_sum_matrix)->Arg(4096)->Arg(1 << 20);
BENCHMARK(score_batch_wai_sr_rows)->Arg(4096)->Arg(1 << 20);
BENCHMARK(score_batch_wai_sr_columns)->Arg(4096)->Arg(1 << 20);

BENCHMARK_MAIN();
